using Flashsmith.Disk;

namespace Flashsmith.Disk.Tests;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("512", 512)]
    [InlineData("512B", 512)]
    [InlineData("64KiB", 65536)]
    [InlineData("32MiB", 33554432)]
    [InlineData("32 MiB", 33554432)]
    [InlineData("4GiB", 4294967296)]
    [InlineData("1kB", 1000)]
    [InlineData("32MB", 32000000)]
    [InlineData("2GB", 2000000000)]
    [InlineData(" 1MiB ", 1048576)]
    public void Parses_iec_and_si_units(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var size));
        Assert.Equal(bytes, size.Bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("-1")]
    [InlineData("1.5MiB")]
    [InlineData("32mb")]
    [InlineData("32 MiBs")]
    [InlineData("32KB")]
    [InlineData("99999999999999999999")]
    [InlineData("9000000000TiB")]
    public void Refuses_what_is_not_a_size(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData(33554432, "32 MiB (33554432 bytes)")]
    [InlineData(1572864, "1536 KiB (1572864 bytes)")]
    [InlineData(1000, "1000 bytes")]
    [InlineData(1, "1 byte")]
    [InlineData(4294967296, "4 GiB (4294967296 bytes)")]
    public void Prints_iec_units_with_the_exact_count(long bytes, string text)
    {
        Assert.Equal(text, new ByteSize(bytes).ToString());
    }

    [Fact]
    public void Offsets_print_in_hex_and_decimal()
    {
        Assert.Equal("0x2100000 (34603008)", new ByteSize(34603008).ToOffsetString());
    }

    [Fact]
    public void Aligns_up_and_down()
    {
        var unit = ByteSize.FromKiB(64);

        Assert.Equal(ByteSize.FromKiB(64), new ByteSize(17408).AlignUp(unit));
        Assert.Equal(ByteSize.FromKiB(64), ByteSize.FromKiB(64).AlignUp(unit));
        Assert.Equal(new ByteSize(32 * ByteSize.MiB - 65536), new ByteSize(32 * ByteSize.MiB - 16896).AlignDown(unit));
    }
}
