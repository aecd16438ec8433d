using Flashsmith.Disk.Fat;

namespace Flashsmith.Disk.Tests;

/// <summary>Values images depend on must never drift between versions: known inputs, known outputs.</summary>
public sealed class StableValuesTests
{
    /// <summary>"123456789" gives the standard check value of CRC-32/ISO-HDLC; the others are the values zlib gives.</summary>
    [Theory]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("abc", 0x352441C2u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_matches_the_standard_check_values(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Seeded_ids_are_stable_and_version_4_shaped()
    {
        var ids = new DeterministicIds("thinvisor\n1.0.0\ndell-poweredge-r710");

        var disk = ids.GuidFor("disk");

        Assert.Equal(new Guid("60a809ce-9a99-460c-b115-e4bcf9ad039d"), disk);
        Assert.Equal(0x4ea48aeau, ids.NumberFor("serial:esp"));
        Assert.NotEqual(disk, ids.GuidFor("partition:esp"));
        Assert.Equal('4', disk.ToString()[14]);
        Assert.Contains(disk.ToString()[19], "89ab");
    }

    [Fact]
    public void Dos_time_holds_two_second_steps_and_tenths()
    {
        var time = DosTime.From(new DateTimeOffset(2026, 1, 1, 12, 30, 45, TimeSpan.Zero));

        Assert.Equal(((2026 - 1980) << 9) | (1 << 5) | 1, time.Date);
        Assert.Equal((12 << 11) | (30 << 5) | 22, time.Time);
        Assert.Equal(100, time.Tenths);
        Assert.Equal(new DateTime(2026, 1, 1, 12, 30, 44, DateTimeKind.Utc), time.ToDateTime());
    }

    [Fact]
    public void Times_fat_cannot_hold_are_refused()
    {
        Assert.Throws<DiskFormatException>(() => DosTime.From(new DateTimeOffset(1979, 12, 31, 0, 0, 0, TimeSpan.Zero)));
    }
}
