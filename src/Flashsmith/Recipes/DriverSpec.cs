using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>One entry of the recipe's <c>drivers</c>; <see cref="Sources"/> and <see cref="Prebuilt"/> are full paths.</summary>
public sealed record DriverSpec(
    SourcePosition Position,
    Sourced<string> Name,
    Sourced<ComponentVersion> Version,
    Sourced<string> Vendor,
    Sourced<string> Summary,
    Sourced<AcceptanceLevel> Acceptance,
    Sourced<string> Group,
    IReadOnlyList<Sourced<PciId>> PciIds,
    IReadOnlyList<Sourced<PackageRequirement>> Depends,
    IReadOnlyList<Sourced<PackageRequirement>> Conflicts,
    Sourced<string>? Sources,
    Sourced<string>? Prebuilt,
    Sourced<string>? Sha256,
    CompileInputs Compile);
