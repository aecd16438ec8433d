using Flashsmith.Disk.Fat;
using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>One target's outcome: its outputs, each formatted partition's volume, and how long it took.</summary>
public sealed record TargetResult(BuildPlan Plan, EmitOutput Output, IReadOnlyDictionary<string, FatVolumeLayout> Volumes, TimeSpan Duration);
