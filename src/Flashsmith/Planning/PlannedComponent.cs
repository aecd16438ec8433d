using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>
/// One thing that goes into the image: the core or a driver, where it comes from
/// (<see cref="SourceFolder"/> to compile, or <see cref="PrebuiltFile"/> with its hash), where it goes,
/// and, for a depot package, the package.yaml that described it. A compiled component carries its include
/// folders and defines, and a guest its memory and toolchain preset. A package may install its module at more
/// paths than <see cref="PathInPartition"/>, the one boot.cfg loads: <see cref="Paths"/> names them all.
/// A prebuilt module its vendor signed must verify against <see cref="VendorCertificate"/>, which its package names.
/// A file is taken from <see cref="PrebuiltFile"/>, written from <see cref="Text"/>, or packed as an <see cref="Initramfs"/>;
/// <see cref="Purl"/> names the package it came from, for the SBOMs.
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
    IReadOnlyList<string>? Flags = null,
    IReadOnlyList<string>? Installs = null,
    string? VendorCertificate = null,
    string? Text = null,
    PlannedInitramfs? Initramfs = null,
    string? Purl = null)
{
    /// <summary>Every path of the partition that holds the component, <see cref="PathInPartition"/> first.</summary>
    public IReadOnlyList<string> Paths => Installs is { Count: > 0 } ? Installs : [PathInPartition];

    /// <summary>The files and folders (full paths) that the build reads to make the component, apart from a package's descriptor.</summary>
    public IEnumerable<string> Inputs =>
        new[] { SourceFolder, PrebuiltFile, Initramfs?.Folder }.OfType<string>().Concat(Initramfs?.Additions.Select(a => a.From) ?? []);
}
