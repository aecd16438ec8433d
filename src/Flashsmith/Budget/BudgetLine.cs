namespace Flashsmith.Budget;

/// <summary>One measured thing (the image, a partition, a group or a component) against its limit, if it has one.</summary>
public sealed record BudgetLine(string Kind, string Name, long UsedBytes, long? LimitBytes, BudgetVerdict Verdict)
{
    public double? Percent => LimitBytes is > 0 ? UsedBytes * 100.0 / LimitBytes.Value : null;
}
