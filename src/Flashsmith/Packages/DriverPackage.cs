using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Packages;

/// <summary>
/// A driver package from a depot: its descriptor, and its module (a prebuilt file with its hash, or sources);
/// <see cref="Certificate"/> is the vendor certificate a signed module is checked against.
/// </summary>
public sealed record DriverPackage(
    string Name,
    ComponentVersion Version,
    string Vendor,
    string Summary,
    AcceptanceLevel Acceptance,
    string Group,
    IReadOnlyList<PciId> PciIds,
    IReadOnlyList<PackageRequirement> Depends,
    IReadOnlyList<PackageRequirement> Conflicts,
    IReadOnlyList<string> Provides,
    IReadOnlyList<string> Installs,
    string? SourceFolder,
    string? ModuleFile,
    string? Sha256,
    string Descriptor,
    SourcePosition? Position = null,
    string? Certificate = null)
{
    public bool Answers(string name) => Name == name || Provides.Contains(name);

    public override string ToString() => $"{Name} {Version}";
}
