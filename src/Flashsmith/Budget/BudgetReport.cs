namespace Flashsmith.Budget;

/// <summary>A target's size budget: every line with its verdict, and each partition's make-up for the reports.</summary>
public sealed record BudgetReport(string Target, int WarnPercent, IReadOnlyList<BudgetLine> Lines, IReadOnlyList<PartitionUsage> Partitions)
{
    public BudgetVerdict Verdict => Lines.Count == 0 ? BudgetVerdict.Ok : Lines.Max(l => l.Verdict);
}
