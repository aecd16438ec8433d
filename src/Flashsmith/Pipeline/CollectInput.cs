using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan whose prebuilt drivers are to be collected.</summary>
public sealed record CollectInput(BuildPlan Plan);
