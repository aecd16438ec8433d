using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan, whose budget is checked, and the assembled volumes that are measured.</summary>
public sealed record CheckInput(BuildPlan Plan, AssembleOutput Assembly);
