using System.Xml.Linq;
using Flashsmith.Disk.Imaging;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Imaging;

public sealed class BlockMapTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Bmaptool_copies_our_image_with_our_block_map_and_the_copy_is_identical()
    {
        var (image, bmap) = Write(SampleDisk.Build(), "a");
        var target = temp.File("copy.img");

        var copy = ExternalTool.Run("bmaptool", "copy", "--bmap", bmap, image, target);

        Assert.True(copy.ExitCode == 0, copy.All);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(target));
    }

    [Fact]
    public void Block_map_has_the_format_2_fields_and_maps_only_used_blocks()
    {
        var layout = SampleDisk.Build();
        var (_, bmap) = Write(layout, "a");

        var xml = XDocument.Load(bmap).Root!;

        Assert.Equal("2.0", xml.Attribute("version")!.Value);
        Assert.Equal("33554432", xml.Element("ImageSize")!.Value.Trim());
        Assert.Equal("4096", xml.Element("BlockSize")!.Value.Trim());
        Assert.Equal("8192", xml.Element("BlocksCount")!.Value.Trim());
        Assert.Equal("sha256", xml.Element("ChecksumType")!.Value.Trim());
        var mapped = long.Parse(xml.Element("MappedBlocksCount")!.Value.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(mapped, 10, 200);
        Assert.All(xml.Element("BlockMap")!.Elements("Range"), r => Assert.Matches("^[0-9a-f]{64}$", r.Attribute("chksum")!.Value));
    }

    [Fact]
    public void Image_is_exactly_the_disk_size_and_sparse()
    {
        var (image, _) = Write(SampleDisk.Build(), "a");

        Assert.Equal(33554432, new FileInfo(image).Length);
        var allocatedKiB = long.Parse(ExternalTool.Check("du", "-k", image).Output.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(allocatedKiB < 4096, $"the image takes {allocatedKiB} KiB on disk; a sparse one takes far less than 32 MiB");
    }

    [Fact]
    public void Same_inputs_and_seed_give_identical_images_and_block_maps()
    {
        var (imageA, bmapA) = Write(SampleDisk.Build(), "a");
        var (imageB, bmapB) = Write(SampleDisk.Build(), "b");
        var (imageC, _) = Write(SampleDisk.Build("another seed"), "c");

        Assert.Equal(File.ReadAllBytes(imageA), File.ReadAllBytes(imageB));
        Assert.Equal(File.ReadAllText(bmapA), File.ReadAllText(bmapB));
        Assert.NotEqual(File.ReadAllBytes(imageA), File.ReadAllBytes(imageC));
    }

    private (string Image, string Bmap) Write(DiskImageLayout layout, string name)
    {
        var image = temp.File(name + ".img");
        var bmap = temp.File(name + ".bmap");
        SparseImageWriter.Write(layout, image);
        using var stream = File.OpenRead(image);
        File.WriteAllText(bmap, BlockMap.Create(layout, stream).ToXml());
        return (image, bmap);
    }
}
