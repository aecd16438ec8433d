using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

public sealed class CacheEntryTests
{
    [Fact]
    public void Whole_entry_gives_back_its_content()
    {
        var entry = CacheEntry.Wrap("flashsmith:1:object:ab", [1, 2, 3]);

        Assert.Equal(CacheEntry.HeaderSize + 3, entry.Length);
        Assert.Equal([1, 2, 3], CacheEntry.Unwrap("flashsmith:1:object:ab", entry));
    }

    [Fact]
    public void Truncated_flipped_misfiled_or_foreign_entries_are_refused()
    {
        var entry = CacheEntry.Wrap("flashsmith:1:object:ab", [1, 2, 3]);
        var flipped = entry.ToArray();
        flipped[^1] ^= 1;

        Assert.Null(CacheEntry.Unwrap("flashsmith:1:object:ab", entry.AsSpan(0, entry.Length - 1)));
        Assert.Null(CacheEntry.Unwrap("flashsmith:1:object:ab", flipped));
        Assert.Null(CacheEntry.Unwrap("flashsmith:1:object:cd", entry));
        Assert.Null(CacheEntry.Unwrap("flashsmith:1:object:ab", "FSC1"u8));
        Assert.Null(CacheEntry.Unwrap("flashsmith:1:object:ab", []));
    }
}
