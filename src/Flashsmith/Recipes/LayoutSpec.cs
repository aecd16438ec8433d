using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Recipes;

/// <summary>The recipe's <c>layout</c> section.</summary>
public sealed record LayoutSpec(
    Sourced<ByteSize> Flash,
    Sourced<PartitionTableKind> Table,
    Sourced<ByteSize> Alignment,
    IReadOnlyList<PartitionSpec> Partitions);
