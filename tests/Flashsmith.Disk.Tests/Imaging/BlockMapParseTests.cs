using Flashsmith.Disk.Imaging;

namespace Flashsmith.Disk.Tests.Imaging;

public sealed class BlockMapParseTests
{
    private static BlockMap Sample()
    {
        var layout = SampleDisk.Build();
        using var image = new MemoryStream();
        SparseImageWriter.Write(layout, image);
        return BlockMap.Create(layout, image);
    }

    [Fact]
    public void Written_block_map_reads_back_equal()
    {
        var map = Sample();

        var read = BlockMap.Parse(map.ToXml());

        Assert.Equal(map.ImageSize, read.ImageSize);
        Assert.Equal(map.BlockSize, read.BlockSize);
        Assert.Equal(map.Ranges, read.Ranges);
    }

    [Fact]
    public void Changed_range_fails_the_file_checksum()
    {
        var xml = Sample().ToXml().Replace("> 0-", "> 1-", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDiskImageException>(() => BlockMap.Parse(xml));

        Assert.Contains("BmapFileChecksum does not match", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not xml at all", "is not XML")]
    [InlineData("<bmap version=\"1.4\"></bmap>", "not a bmap of version 2")]
    [InlineData("<bmap version=\"2.0\"><ChecksumType>sha256</ChecksumType></bmap>", "BmapFileChecksum does not match")]
    public void Malformed_block_map_is_refused(string xml, string message)
    {
        var error = Assert.Throws<InvalidDiskImageException>(() => BlockMap.Parse(xml));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_size_past_an_int_is_refused_not_wrapped()
    {
        var map = Sample();
        var xml = new BlockMap(map.ImageSize, map.BlockSize, map.Ranges).ToXml().Replace($"<BlockSize> {map.BlockSize} </BlockSize>", $"<BlockSize> {(1L << 32) + map.BlockSize} </BlockSize>", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDiskImageException>(() => BlockMap.Parse(Resealed(xml)));

        Assert.Contains($"block size {(1L << 32) + map.BlockSize} is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_at_the_largest_block_number_is_past_the_image()
    {
        var map = Sample();
        var huge = new BlockMap(map.ImageSize, map.BlockSize, [.. map.Ranges.SkipLast(1), map.Ranges[^1] with { First = long.MaxValue - 1, Last = long.MaxValue }]);

        var error = Assert.Throws<InvalidDiskImageException>(() => BlockMap.Parse(huge.ToXml()));

        Assert.Contains($"'{long.MaxValue - 1}-{long.MaxValue}' is malformed, out of order or past the", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The XML with its BmapFileChecksum made right again, as bmaptool computes it.</summary>
    private static string Resealed(string xml)
    {
        var field = System.Text.RegularExpressions.Regex.Match(xml, "<BmapFileChecksum> ([0-9a-f]{64}) </BmapFileChecksum>").Groups[1].Value;
        var zeroed = xml.Replace(field, new string('0', 64), StringComparison.Ordinal);
        var sum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(zeroed)));
        return zeroed.Replace(new string('0', 64), sum, StringComparison.Ordinal);
    }
}
