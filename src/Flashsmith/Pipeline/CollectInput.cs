using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan whose prebuilt components and files are to be collected.</summary>
public sealed record CollectInput(BuildPlan Plan);
