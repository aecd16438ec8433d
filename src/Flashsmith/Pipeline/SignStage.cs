using System.Globalization;
using System.Text;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// Signs the packed PE/EFI files with Authenticode and ties the bank together. Each step covers the last:
/// the drivers are signed, the manifest records their hashes, the manifest's SHA-256 is sealed into the core,
/// and then the core is signed. The loader is signed as it is. A prebuilt driver its vendor signed is kept as it is.
/// </summary>
public static class SignStage
{
    public static SignOutput Run(SignInput input)
    {
        var plan = input.Plan;
        var own = SignatureInfo.Of(input.Signatures.Key);
        var signers = new SortedDictionary<string, SignatureInfo>(StringComparer.Ordinal);
        var drivers = input.Pack.Files
            .Where(f => f.Component is { } name && plan.Components.Single(c => c.Name == name).Kind == ComponentKind.Driver)
            .Select(f => new PackedFile(f.Partition, f.Path, Sign(input, f, own, signers), f.Component))
            .ToList();
        var manifest = Manifest(plan, drivers);
        var manifestBytes = Encoding.UTF8.GetBytes(manifest);
        var files = new List<PackedFile>();
        foreach (var file in input.Pack.Files)
        {
            var kind = file.Component is { } name ? plan.Components.Single(c => c.Name == name).Kind : (ComponentKind?)null;
            files.Add(kind switch
            {
                ComponentKind.Driver => drivers.Single(d => d.Component == file.Component),
                ComponentKind.Core => new PackedFile(file.Partition, file.Path, Sign(input, file, own, signers, ManifestSeal.Embed(file.Bytes, manifestBytes)), file.Component),
                ComponentKind.Loader => new PackedFile(file.Partition, file.Path, Sign(input, file, own, signers), file.Component),
                _ => file,
            });
        }

        var bank = plan.Layout.WithContents(PartitionContents.Bootbank).Name;
        files.Add(new PackedFile(bank, ManifestSeal.File, manifestBytes, null));
        return new SignOutput(files, manifest, input.Pack.BootConfig, signers);
    }

    /// <summary>Signs a component's bytes (<paramref name="bytes"/>, else the file's) and records who signed it.</summary>
    private static byte[] Sign(SignInput input, PackedFile file, SignatureInfo own, IDictionary<string, SignatureInfo> signers, byte[]? bytes = null)
    {
        var image = bytes ?? file.Bytes;
        var component = input.Plan.Components.Single(c => c.Name == file.Component);
        try
        {
            if (component.PrebuiltFile is not null && PeLayout.Read(image).CertificateTableSize > 0)
            {
                signers[component.Name] = VendorSigner(input, component, image);
                return image;
            }
        }
        catch (InvalidPeImageException ex)
        {
            throw new Diagnostics.BadInputException($"{input.Plan.Target}: component '{component.Name}' is not a PE/EFI image: {ex.Message}");
        }

        signers[component.Name] = own;
        return input.Signatures.Sign(image);
    }

    private static SignatureInfo VendorSigner(SignInput input, PlannedComponent component, byte[] image)
    {
        using var signer = AuthenticodeVerifier.Signer(image)
            ?? throw new Diagnostics.BadInputException($"{input.Plan.Target}: driver '{component.Name}' ({Recipes.ProjectFolder.Display(component.PrebuiltFile!)}) carries a certificate table that holds no readable Authenticode signature");
        return SignatureInfo.Of(signer, development: false);
    }

    private static string Manifest(BuildPlan plan, IReadOnlyList<PackedFile> modules)
    {
        var text = new StringBuilder();
        text.Append("format=thinvisor-manifest/1\n");
        text.Append(CultureInfo.InvariantCulture, $"product={plan.Product}\nversion={plan.Version}\ntarget={plan.Target}\n");
        text.Append(CultureInfo.InvariantCulture, $"banner={PackStage.OneLine(plan.Banner)}\nbuild={plan.Epoch.Seconds}\n");
        foreach (var module in modules)
        {
            var driver = plan.Components.Single(c => c.Name == module.Component);
            var ids = driver.PciIds.Count == 0 ? "-" : string.Join(',', driver.PciIds.Select(p => p.ToString()));
            text.Append(CultureInfo.InvariantCulture, $"module={module.Path.TrimStart('/')} {driver.Name} {driver.Version} {module.Sha256} {ids}\n");
        }

        return text.ToString();
    }
}
