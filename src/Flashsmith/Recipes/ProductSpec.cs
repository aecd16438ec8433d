using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>The recipe's <c>product</c> section.</summary>
public sealed record ProductSpec(
    Sourced<string> Name,
    Sourced<ComponentVersion> Version,
    Sourced<long> Epoch,
    Sourced<string> Banner);
