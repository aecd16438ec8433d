using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>
/// One thing that goes into the image: the core or a driver, where it comes from
/// (<see cref="SourceFolder"/> to compile, or <see cref="PrebuiltFile"/> with its hash), where it goes,
/// and, for a depot package, the package.yaml that described it. A compiled component carries its include
/// folders and defines, and a guest its memory and toolchain preset.
/// </summary>
public sealed record PlannedComponent(
    string Name,
    ComponentKind Kind,
    ComponentVersion Version,
    string Group,
    AcceptanceLevel Acceptance,
    string Vendor,
    string Summary,
    IReadOnlyList<PciId> PciIds,
    IReadOnlyList<PackageRequirement> Depends,
    IReadOnlyList<PackageRequirement> Conflicts,
    string? SourceFolder,
    string? PrebuiltFile,
    string? Sha256,
    string Partition,
    string PathInPartition,
    string Reason,
    string? Descriptor = null,
    SourcePosition? Position = null,
    CompileInputs? Compile = null,
    Disk.ByteSize? Memory = null,
    string? Toolchain = null,
    IReadOnlyList<string>? Flags = null);
