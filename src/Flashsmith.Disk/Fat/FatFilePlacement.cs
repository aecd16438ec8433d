namespace Flashsmith.Disk.Fat;

/// <summary>Where a file or directory landed: its first cluster, its size and the bytes its clusters take.</summary>
public sealed record FatFilePlacement(string Path, bool IsDirectory, uint FirstCluster, long Size, long AllocatedBytes);
