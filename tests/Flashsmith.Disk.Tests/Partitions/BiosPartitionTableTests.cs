using System.Text.Json;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Partitions;

public sealed class BiosPartitionTableTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Sfdisk_reads_our_mbr_with_types_and_boot_flag_and_fsck_reads_the_volume()
    {
        var image = temp.File("mbr.img");
        SparseImageWriter.Write(SampleDisk.Build(style: PartitionStyle.Mbr), image);

        using var json = JsonDocument.Parse(ExternalTool.Check("sfdisk", "--json", image).Output);
        var table = json.RootElement.GetProperty("partitiontable");
        var partitions = table.GetProperty("partitions").EnumerateArray().ToList();

        Assert.Equal("dos", table.GetProperty("label").GetString());
        Assert.Equal(4, partitions.Count);
        Assert.Equal("ef", partitions[0].GetProperty("type").GetString());
        Assert.True(partitions[0].GetProperty("bootable").GetBoolean());
        Assert.Equal("c", partitions[1].GetProperty("type").GetString());
        Assert.Equal(10240, partitions[1].GetProperty("start").GetInt64());
        using var stream = File.OpenRead(image);
        var read = PartitionTable.Read(stream);
        Assert.Equal(PartitionStyle.Mbr, read.Style);
        Assert.Equal(0xEF, read.Partitions[0].MbrType);
        var fs = new FatFileSystem(stream, read.Partitions[1].Offset.Bytes, read.Partitions[1].Size.Bytes);
        Assert.Equal(70000, fs.ReadFile("/e1000.efi").Length);
    }

    [Fact]
    public void Fifth_partition_is_refused()
    {
        var parts = Enumerable.Range(0, 5).Select(i => new PartitionDefinition($"p{i}", ByteSize.FromMiB(1 + i), ByteSize.FromMiB(1), GuidPartitionTable.BasicDataType, 0x0C)).ToList();

        var error = Assert.Throws<DiskFormatException>(() => BiosPartitionTable.Build(ByteSize.FromMiB(16), parts, new DeterministicIds("x"), ByteSize.FromKiB(64)));

        Assert.Equal("an MBR holds at most 4 partitions; this layout has 5", error.Message);
    }
}
