using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Imaging;

/// <summary>
/// Lays out a disk: a partition table (GPT or MBR) and, per partition, an optional FAT volume.
/// Nothing is written here; <see cref="SparseImageWriter"/> writes the result.
/// </summary>
public sealed class DiskImageBuilder(ByteSize size, PartitionStyle style, DeterministicIds ids, ByteSize alignment)
{
    private readonly List<PartitionDefinition> partitions = [];
    private readonly List<DiskExtent> extents = [];

    public IReadOnlyList<PartitionDefinition> Partitions => partitions;

    /// <summary>Adds a partition; <paramref name="volume"/> is its file system, or null to leave it zero.</summary>
    public void AddPartition(PartitionDefinition partition, FatVolumeLayout? volume)
    {
        partitions.Add(partition);
        if (volume is not null)
        {
            if (volume.Geometry.TotalSectors * FatGeometry.SectorSize > partition.Size.Bytes)
            {
                throw new DiskFormatException($"partition '{partition.Name}' is {partition.Size}, smaller than its file system");
            }

            var start = Lba.FromOffset(partition.Offset);
            if (volume.HiddenSectors != start.Value)
            {
                throw new DiskFormatException($"partition '{partition.Name}' starts at sector {start.Value}, but its file system was formatted to start at sector {volume.HiddenSectors} (the boot sector's hidden sectors)");
            }

            extents.AddRange(volume.At(partition.Offset.Bytes));
        }
    }

    public DiskImageLayout Build()
    {
        var table = style == PartitionStyle.Gpt
            ? GuidPartitionTable.Build(size, partitions, ids, alignment)
            : BiosPartitionTable.Build(size, partitions, ids, alignment);
        var all = table.Concat(extents).Where(e => e.Content.Length > 0).OrderBy(e => e.Offset).ToList();
        for (var i = 1; i < all.Count; i++)
        {
            if (all[i].Offset < all[i - 1].End)
            {
                throw new InvalidOperationException($"extents overlap at {new ByteSize(all[i].Offset).ToOffsetString()}");
            }
        }

        if (all.Count > 0 && all[^1].End > size.Bytes)
        {
            throw new InvalidOperationException($"an extent ends at {new ByteSize(all[^1].End).ToOffsetString()}, past the {size} disk");
        }

        return new DiskImageLayout(size, all);
    }
}
