using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Imaging;

/// <summary>
/// One partition's file system: its type, label, space and tree. <see cref="Type"/> is null for a
/// partition that holds no FAT volume; <see cref="Problem"/> says what is wrong with a damaged one.
/// </summary>
public sealed record VolumeReport(
    PartitionInfo Partition,
    FatType? Type,
    string Label,
    uint Serial,
    int ClusterSize,
    long TotalBytes,
    long FreeBytes,
    IReadOnlyList<VolumeEntry> Entries,
    string? Problem)
{
    public long UsedBytes => TotalBytes - FreeBytes;
}
