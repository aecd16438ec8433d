using Flashsmith.Budget;

namespace Flashsmith.Pipeline;

/// <summary>A target whose stamp still holds: its outputs as they are, its budget as its budget.json says, and the bytes its partitions use and leave free.</summary>
public sealed record UpToDateTarget(string Target, EmitOutput Output, BudgetReport Budget, long UsedBytes, long FreeBytes);
