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
    public void Malformed_block_map_is_refused(string xml, string message)
    {
        var error = Assert.Throws<InvalidDiskImageException>(() => BlockMap.Parse(xml));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
