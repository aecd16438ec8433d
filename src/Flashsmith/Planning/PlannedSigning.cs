using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Planning;

/// <summary>The signing key and, when separate, its certificate.</summary>
public sealed record PlannedSigning(KeyReference Key, string? Certificate);
