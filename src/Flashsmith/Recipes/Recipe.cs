using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>A loaded recipe with everything it extends merged in: one OEM target or the base product.</summary>
public sealed record Recipe(
    string File,
    string ProjectRoot,
    string TargetName,
    IReadOnlyList<string> Chain,
    ProductSpec Product,
    CoreSpec Core,
    IReadOnlyList<DriverSpec> Drivers,
    IReadOnlyList<GuestSpec> Guests,
    IReadOnlyList<FileSpec> Files,
    BootSpec Boot,
    LayoutSpec Layout,
    SigningSpec Signing,
    BudgetSpec Budget,
    Sourced<AcceptanceLevel> MinAcceptance,
    Sourced<string>? Depot,
    IReadOnlyList<Sourced<PackageRequirement>> Packages);
