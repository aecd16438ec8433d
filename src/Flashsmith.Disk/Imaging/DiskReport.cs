using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Imaging;

/// <summary>What an image holds: its partition table and, per partition, its file system.</summary>
public sealed record DiskReport(PartitionTable Table, IReadOnlyList<VolumeReport> Volumes)
{
    public bool IsDamaged => Volumes.Any(v => v.Problem is not null);
}
