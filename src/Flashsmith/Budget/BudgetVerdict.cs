namespace Flashsmith.Budget;

/// <summary>How a measured size stands against its limit, from best to worst.</summary>
public enum BudgetVerdict
{
    Ok,
    Warning,
    Over,
}
