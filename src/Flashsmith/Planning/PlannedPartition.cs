using Flashsmith.Disk;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>A partition at its final offset; <see cref="Index"/> counts from 1 as partition tables do.</summary>
public sealed record PlannedPartition(
    int Index,
    string Name,
    PartitionType Type,
    ByteSize Offset,
    ByteSize Size,
    FileSystemKind FileSystem,
    string Label,
    PartitionContents Contents)
{
    public ByteSize End => Offset + Size;
}
