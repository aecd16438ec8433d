using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Pipeline;

/// <summary>
/// Decides what file goes where: the loader on the boot partition, and the core, boot.cfg, the manifest
/// the driver modules and the guests in the boot bank. Signing is interleaved because each step covers the last: the
/// drivers are signed, the manifest records their hashes, the manifest's SHA-256 is sealed into the
/// core after its anchor, and then the core is signed. The loader is signed as it is; a guest is a flat
/// binary, not a PE image, so the manifest's hash is what vouches for it.
/// </summary>
public static class PackStage
{
    public const string ManifestFile = "/manifest.txt";
    public const string BootConfigFile = "/" + Banks.BootConfig.FileName;
    public static readonly byte[] Anchor = "THINVISOR-ANCHOR"u8.ToArray();

    public static PackOutput Run(PackInput input)
    {
        var plan = input.Plan;
        var bank = plan.Layout.WithContents(PartitionContents.Bootbank).Name;
        var drivers = plan.Components.Where(c => c.Kind == ComponentKind.Driver).ToList();
        var files = new List<PackedFile>();
        foreach (var driver in drivers)
        {
            files.Add(new PackedFile(driver.Partition, driver.PathInPartition, input.SignPe(driver.Name, input.Drivers[driver.Name]), driver.Name));
        }

        var guests = plan.Components.Where(c => c.Kind == ComponentKind.Guest).ToList();
        var guestFiles = guests.Select(g => new PackedFile(g.Partition, g.PathInPartition, input.Drivers[g.Name], g.Name)).ToList();
        var manifest = Manifest(plan, files, guestFiles);
        files.AddRange(guestFiles);
        var bootConfig = BootConfig(plan, drivers, guests);
        var core = plan.Components.Single(c => c.Kind == ComponentKind.Core);
        var loader = plan.Components.Single(c => c.Kind == ComponentKind.Loader);
        files.Insert(0, new PackedFile(core.Partition, core.PathInPartition, input.SignPe(core.Name, Seal(input.Core, Encoding.UTF8.GetBytes(manifest))), core.Name));
        files.Insert(0, new PackedFile(loader.Partition, loader.PathInPartition, input.SignPe(loader.Name, input.Loader), loader.Name));
        files.Add(new PackedFile(bank, BootConfigFile, Encoding.UTF8.GetBytes(bootConfig), null));
        files.Add(new PackedFile(bank, ManifestFile, Encoding.UTF8.GetBytes(manifest), null));
        return new PackOutput(files, manifest, bootConfig);
    }

    /// <summary>A copy of <paramref name="core"/> with the manifest's SHA-256 written after its one anchor.</summary>
    public static byte[] Seal(byte[] core, byte[] manifest)
    {
        var at = core.AsSpan().IndexOf(Anchor);
        if (at < 0 || core.AsSpan(at + 1).IndexOf(Anchor) >= 0)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.NotPeImage, at < 0
                ? "the core has no manifest anchor ('THINVISOR-ANCHOR' followed by 32 bytes); it cannot be sealed"
                : "the core holds the manifest anchor more than once; it cannot be sealed");
        }

        var sealedCore = (byte[])core.Clone();
        SHA256.HashData(manifest).CopyTo(sealedCore.AsSpan(at + Anchor.Length, 32));
        return sealedCore;
    }

    private static string Manifest(BuildPlan plan, IReadOnlyList<PackedFile> modules, IReadOnlyList<PackedFile> guests)
    {
        var text = new StringBuilder();
        text.Append("format=thinvisor-manifest/1\n");
        text.Append(CultureInfo.InvariantCulture, $"product={plan.Product}\nversion={plan.Version}\ntarget={plan.Target}\n");
        text.Append(CultureInfo.InvariantCulture, $"banner={OneLine(plan.Banner)}\nbuild={plan.Epoch.Seconds}\n");
        foreach (var module in modules)
        {
            var driver = plan.Components.Single(c => c.Name == module.Component);
            var ids = driver.PciIds.Count == 0 ? "-" : string.Join(',', driver.PciIds.Select(p => p.ToString()));
            text.Append(CultureInfo.InvariantCulture, $"module={module.Path.TrimStart('/')} {driver.Name} {driver.Version} {module.Sha256} {ids}\n");
        }

        foreach (var file in guests)
        {
            var guest = plan.Components.Single(c => c.Name == file.Component);
            text.Append(CultureInfo.InvariantCulture, $"guest={file.Path.TrimStart('/')} {guest.Name} {guest.Version} {file.Sha256} {guest.Memory!.Value.Bytes}\n");
        }

        return text.ToString();
    }

    private static string BootConfig(BuildPlan plan, IReadOnlyList<PlannedComponent> drivers, IReadOnlyList<PlannedComponent> guests)
    {
        var core = plan.Components.Single(c => c.Kind == ComponentKind.Core);
        return new Banks.BootConfig(Banks.BankState.Valid, OneLine(plan.Banner), plan.Version.ToString(), 1, core.PathInPartition, drivers.Select(d => d.PathInPartition.TrimStart('/')).ToList())
        {
            Guests = guests.Select(g => g.PathInPartition.TrimStart('/')).ToList(),
        }.ToText();
    }

    private static string OneLine(string text) => new(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
