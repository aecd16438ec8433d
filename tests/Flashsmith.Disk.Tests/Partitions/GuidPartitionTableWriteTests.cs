using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Partitions;

/// <summary>A table read from one disk, written again for a larger disk: the backup moves to the new end, as sgdisk -e does.</summary>
public sealed class GuidPartitionTableWriteTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Entries_written_for_a_larger_disk_read_back_equal_with_the_backup_at_its_end()
    {
        var layout = SampleDisk.Build();
        using var image = new MemoryStream();
        SparseImageWriter.Write(layout, image);
        var table = PartitionTable.Read(image);
        var entries = table.Partitions.Select(GuidPartitionTable.EntryOf).ToList();
        var big = ByteSize.FromMiB(100);
        var path = temp.File("big.img");
        var extents = GuidPartitionTable.Write(big, table.DiskGuid, entries);

        SparseImageWriter.Write(new DiskImageLayout(big, extents), path);

        Assert.Equal(big.Bytes - (33 * 512), extents[1].Offset);
        var sgdisk = ExternalTool.Run("sgdisk", "-v", path);
        Assert.Contains("No problems found", sgdisk.Output, StringComparison.Ordinal);
        using var stream = File.OpenRead(path);
        var read = PartitionTable.Read(stream);
        Assert.Empty(read.Warnings);
        Assert.Equal(table.DiskGuid, read.DiskGuid);
        Assert.Equal(entries, read.Partitions.Select(GuidPartitionTable.EntryOf));
    }
}
