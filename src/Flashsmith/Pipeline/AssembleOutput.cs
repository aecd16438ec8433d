using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Pipeline;

/// <summary>The whole image laid out as extents, and each formatted partition's volume by partition name.</summary>
public sealed record AssembleOutput(DiskImageLayout Layout, IReadOnlyDictionary<string, FatVolumeLayout> Volumes);
