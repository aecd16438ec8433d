
namespace Flashsmith.Disk.Fat;

/// <summary>
/// A laid-out FAT volume: its geometry, the extents to write (offsets from the volume's start), where each
/// file went, and the hidden sectors its boot sector records (the sector the volume was formatted to start at).
/// </summary>
public sealed record FatVolumeLayout(
    FatGeometry Geometry,
    IReadOnlyList<DiskExtent> Extents,
    IReadOnlyList<FatFilePlacement> Placements,
    long UsedClusters,
    uint HiddenSectors)
{
    public long UsedBytes => UsedClusters * Geometry.ClusterSize;

    public long FreeBytes => (Geometry.ClusterCount - UsedClusters) * Geometry.ClusterSize;

    /// <summary>The extents moved to a volume that starts <paramref name="offset"/> bytes into the disk.</summary>
    public IEnumerable<DiskExtent> At(long offset) => Extents.Select(e => e with { Offset = e.Offset + offset });
}
