using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan and the packed files to lay out on the flash.</summary>
public sealed record AssembleInput(BuildPlan Plan, PackOutput Pack);
