using System.Text;
using Flashsmith.Boot;
using Flashsmith.Disk.Imaging;
using Flashsmith.Packages;
using Flashsmith.Payloads;
using Flashsmith.Provisioning;
using Flashsmith.Recipes;

namespace Flashsmith.Fuzz.Targets;

/// <summary>The small formats: boot.cfg, the bank manifest, block maps, units CSV files, depot packages and initramfs archives.</summary>
public static class TextTargets
{
    /// <summary>boot.cfg, read and written back.</summary>
    public static void BootConfigFile(FuzzWorkspace workspace, byte[] input)
    {
        var config = BootConfig.Parse(input);
        _ = BootConfig.Parse(Encoding.UTF8.GetBytes(config.ToText()));
    }

    /// <summary>The manifest a bank holds beside its boot.cfg.</summary>
    public static void Manifest(FuzzWorkspace workspace, byte[] input)
    {
        var manifest = BankManifest.Parse(input);
        _ = manifest.Boot;
    }

    /// <summary>A .bmap file (bmaptool's XML), checked against its own checksum.</summary>
    public static void BlockMapFile(FuzzWorkspace workspace, byte[] input) => _ = BlockMap.Parse(Encoding.UTF8.GetString(input));

    /// <summary>The units CSV file provisioning reads.</summary>
    public static void UnitsFile(FuzzWorkspace workspace, byte[] input)
    {
        var path = Path.Combine(workspace.CleanScratch(), "units.csv");
        File.WriteAllBytes(path, input);
        _ = UnitsCsv.Read(path);
    }

    /// <summary>A depot package descriptor (package.yaml) in a depot folder of the workspace's project.</summary>
    public static void DepotPackage(FuzzWorkspace workspace, byte[] input)
    {
        var depot = Path.Combine(workspace.Project, "recipes", "fuzz-depot");
        var folder = Path.Combine(depot, "fuzz-1.0.0");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "package.yaml"), input);
        _ = DepotCatalog.Load(depot, ProjectFolder.Containing(depot));
    }

    /// <summary>An initramfs: gzip-compressed cpio "newc", listed and a member read; and the input as plain cpio.</summary>
    public static void Initramfs(FuzzWorkspace workspace, byte[] input)
    {
        Exception? refused = null;
        try
        {
            _ = InitramfsReader.List(input);
            _ = InitramfsReader.ReadFile(input, "init");
        }
        catch (InvalidDataException ex)
        {
            refused = ex;
        }

        _ = CpioNewcReader.List(input);
        _ = CpioNewcReader.ReadFile(input, "init");
        if (refused is not null)
        {
            throw refused;
        }
    }
}
