using Flashsmith.Disk;

namespace Flashsmith.Planning;

/// <summary>The size limits of a target, by whole image, partition, group and component, and the growth allowed against a baseline.</summary>
public sealed record PlannedBudget(
    int WarnPercent,
    ByteSize? Image,
    IReadOnlyDictionary<string, ByteSize> Partitions,
    IReadOnlyDictionary<string, ByteSize> Groups,
    IReadOnlyDictionary<string, ByteSize> Components,
    int? GrowthPercent);
