namespace Flashsmith.Budget;

/// <summary>A target's size budget: every line with its verdict, and each partition's make-up for the reports.</summary>
public sealed record BudgetReport(string Target, int WarnPercent, IReadOnlyList<BudgetLine> Lines, IReadOnlyList<PartitionUsage> Partitions)
{
    public BudgetVerdict Verdict => VerdictOf(Lines);

    /// <summary>The lines near or over their limits.</summary>
    public IReadOnlyList<BudgetLine> Flagged => [.. Lines.Where(l => l.Verdict != BudgetVerdict.Ok)];

    /// <summary>A budget's verdict: its worst line's, and ok with none.</summary>
    public static BudgetVerdict VerdictOf(IReadOnlyList<BudgetLine> lines) => lines.Count == 0 ? BudgetVerdict.Ok : lines.Max(l => l.Verdict);
}
