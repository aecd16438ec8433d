using Flashsmith.Budget;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>
/// One target's outcome: its outputs (null when it failed), each formatted partition's volume, its
/// budget (null when it failed before being measured), what went wrong if anything, and the time taken.
/// </summary>
public sealed record TargetResult(
    BuildPlan Plan,
    EmitOutput? Output,
    IReadOnlyDictionary<string, FatVolumeLayout> Volumes,
    BudgetReport? Budget,
    FlashsmithException? Failure,
    TimeSpan Duration);
