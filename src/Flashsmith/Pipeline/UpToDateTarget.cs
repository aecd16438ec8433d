using Flashsmith.Budget;

namespace Flashsmith.Pipeline;

/// <summary>
/// A target whose stamp still holds: its outputs as they are, the budget lines its last build found near or over
/// their limits, and the bytes its partitions use and leave free.
/// </summary>
public sealed record UpToDateTarget(string Target, EmitOutput Output, IReadOnlyList<BudgetLine> Flagged, long UsedBytes, long FreeBytes)
{
    public BudgetVerdict Verdict => BudgetReport.VerdictOf(Flagged);
}
