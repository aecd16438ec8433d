using Flashsmith.Budget;

namespace Flashsmith.Pipeline;

/// <summary>The budget report of a target whose every line is within its limit.</summary>
public sealed record CheckOutput(BudgetReport Budget);
