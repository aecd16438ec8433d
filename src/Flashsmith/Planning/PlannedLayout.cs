using Flashsmith.Disk;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>The flash layout with every partition's place worked out.</summary>
public sealed record PlannedLayout(
    ByteSize FlashSize,
    PartitionTableKind Table,
    ByteSize Alignment,
    IReadOnlyList<PlannedPartition> Partitions)
{
    public PlannedPartition WithContents(PartitionContents contents) => Partitions.First(p => p.Contents == contents);
}
