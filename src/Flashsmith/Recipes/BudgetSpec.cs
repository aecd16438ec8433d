using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Recipes;

/// <summary>The recipe's <c>budget</c> section; maps are keyed by partition, group or component name.</summary>
public sealed record BudgetSpec(
    Sourced<int> WarnPercent,
    Sourced<ByteSize>? Image,
    IReadOnlyDictionary<string, Sourced<ByteSize>> Partitions,
    IReadOnlyDictionary<string, Sourced<ByteSize>> Groups,
    IReadOnlyDictionary<string, Sourced<ByteSize>> Components,
    Sourced<int>? GrowthPercent);
