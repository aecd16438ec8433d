using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flashsmith.Boot;
using Flashsmith.Disk;
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

    /// <summary>
    /// A .bmap file (bmaptool's XML), as it is and with its own checksum made right (so that the fuzzer gets past it).
    /// Every range read lies inside the image.
    /// </summary>
    public static void BlockMapFile(FuzzWorkspace workspace, byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        Exception? refused = null;
        try
        {
            Check(BlockMap.Parse(text));
        }
        catch (InvalidDiskImageException ex)
        {
            refused = ex;
        }

        var field = Regex.Match(text, "<BmapFileChecksum>\\s*([0-9a-f]{64})\\s*</BmapFileChecksum>");
        if (field.Success)
        {
            var zeroed = text.Replace(field.Groups[1].Value, new string('0', 64), StringComparison.Ordinal);
            var sum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(zeroed)));
            Check(BlockMap.Parse(zeroed.Replace(new string('0', 64), sum, StringComparison.Ordinal)));
        }

        if (refused is not null)
        {
            throw refused;
        }

        static void Check(BlockMap map)
        {
            var blocks = (map.ImageSize + map.BlockSize - 1) / map.BlockSize;
            if (map.BlockSize <= 0 || map.Ranges.Any(r => r.First < 0 || r.Last < r.First || r.Last >= blocks))
            {
                throw new FuzzFindingException($"the block map was read with a range outside its {map.ImageSize}-byte image");
            }
        }
    }

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
