using Flashsmith.Diagnostics;
using Flashsmith.Signing;

namespace Flashsmith.Recipes;

/// <summary>The recipe's <c>signing</c> section.</summary>
public sealed record SigningSpec(Sourced<KeyReference> Key, Sourced<string>? Certificate);
