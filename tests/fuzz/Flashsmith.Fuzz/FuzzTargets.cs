using Flashsmith.Disk;
using Flashsmith.Fuzz.Targets;

namespace Flashsmith.Fuzz;

/// <summary>Every fuzz target, in the order <c>tools/fuzz --all</c> runs them.</summary>
public static class FuzzTargets
{
    private const int Disk = 1 << 20;
    private const int Text = 256 << 10;
    private const int Small = 64 << 10;

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("gpt", "partition tables: GPT with its backup, or MBR", Disk, DiskTargets.PartitionTables, ex => ex is InvalidDiskImageException) { Dictionary = "disk" },
        new("fat", "a FAT12/16/32 volume: walked, every file read, what holds a byte", Disk, DiskTargets.FatVolume, DiskTargets.FatRefuses) { Dictionary = "disk", CiSeconds = 25 },
        new("inspect", "flashsmith inspect IMAGE, as a table and as JSON", Disk, CommandTargets.Inspect, NeverRefused) { Corpus = "image", Dictionary = "disk" },
        new("extract", "flashsmith extract IMAGE N:/ for the first four partitions", Disk, CommandTargets.Extract, NeverRefused) { Corpus = "image", Dictionary = "disk" },
        new("verify", "flashsmith verify IMAGE, sealed afresh and without its seal", Disk, CommandTargets.Verify, NeverRefused) { Corpus = "image", Dictionary = "disk" },
        new("banks", "flashsmith banks IMAGE, as a table and as JSON", Disk, CommandTargets.Banks, NeverRefused) { Corpus = "image", Dictionary = "disk" },
        new("update", "flashsmith update TARGET NEW_IMAGE, then banks TARGET", Disk, CommandTargets.Update, NeverRefused) { Corpus = "image", Dictionary = "disk" },
        new("pcr", "flashsmith pcr IMAGE, as a table and as JSON", Disk, CommandTargets.Pcr, NeverRefused) { Corpus = "image", Dictionary = "disk" },
        new("pe", "a PE/EFI file: layout, Authenticode signatures, what holds a byte", Small, SigningTargets.Authenticode, FuzzOutcome.IsLibraryRefusal) { Dictionary = "pe" },
        new("cms", "CMS signed data: a seal, a key seal, a partition seal", Small, SigningTargets.SignedData, FuzzOutcome.IsLibraryRefusal) { Dictionary = "asn1" },
        new("seal-statement", "the JSON statements of key seals and partition seals", Small, SigningTargets.SealStatements, ex => ex is InvalidDataException) { Dictionary = "json" },
        new("bootcfg", "boot.cfg", Small, TextTargets.BootConfigFile, ex => ex is InvalidDataException) { Dictionary = "bootcfg" },
        new("manifest", "a bank's manifest.txt", Small, TextTargets.Manifest, FuzzOutcome.IsLibraryRefusal) { Dictionary = "bootcfg" },
        new("bmap", "a .bmap block map (XML)", Small, TextTargets.BlockMapFile, ex => ex is InvalidDiskImageException) { Dictionary = "bmap" },
        new("units-csv", "the units CSV file of provisioning", Small, TextTargets.UnitsFile, FuzzOutcome.IsLibraryRefusal) { Dictionary = "csv" },
        new("depot", "a depot package.yaml", Small, TextTargets.DepotPackage, FuzzOutcome.IsLibraryRefusal) { Dictionary = "yaml" },
        new("recipe", "flashsmith validate RECIPE: YAML, extends and merge, model, plan", Text, CommandTargets.Validate, NeverRefused) { Dictionary = "yaml" },
        new("initramfs", "an initramfs: gzip-compressed cpio newc, and plain cpio", Disk, TextTargets.Initramfs, ex => ex is InvalidDataException) { Dictionary = "cpio" },
        new("spdx", "an SPDX SBOM beside an image, as verify reads it", Text, ReleaseTargets.Spdx, FuzzOutcome.IsLibraryRefusal) { Dictionary = "json" },
        new("cyclonedx", "a CycloneDX SBOM beside an image, as verify reads it", Text, ReleaseTargets.CycloneDx, FuzzOutcome.IsLibraryRefusal) { Dictionary = "json" },
        new("provenance", "a DSSE provenance envelope beside an image, as verify reads it", Text, ReleaseTargets.Provenance, FuzzOutcome.IsLibraryRefusal) { Dictionary = "json" },
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>For the command targets: the command line's guard already turns every typed refusal into its exit code.</summary>
    private static bool NeverRefused(Exception ex) => false;
}
