using Flashsmith.Planning;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>The plan, the assembled image, and the key that seals it.</summary>
public sealed record SealInput(BuildPlan Plan, AssembleOutput Assembly, SigningKey Key);
