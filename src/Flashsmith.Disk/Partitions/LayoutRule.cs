namespace Flashsmith.Disk.Partitions;

/// <summary>The rules a partition layout keeps; each <see cref="LayoutProblem"/> names the one it breaks.</summary>
public enum LayoutRule
{
    /// <summary>No more partitions than the table holds.</summary>
    Count,

    /// <summary>A partition starts on a sector boundary.</summary>
    Sectors,

    /// <summary>A partition's size is a non-zero whole number of sectors.</summary>
    Size,

    /// <summary>A partition starts at a multiple of the alignment.</summary>
    Alignment,

    /// <summary>A partition starts after the partition table.</summary>
    BeforeFirstUsable,

    /// <summary>A partition ends within the disk.</summary>
    PastDiskEnd,

    /// <summary>A partition ends before the backup table.</summary>
    PastUsableEnd,

    /// <summary>A partition starts after the one before it (by offset) ends.</summary>
    Overlap,
}
