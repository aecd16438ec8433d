using System.Globalization;
using System.Text;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// Signs the packed PE/EFI files with Authenticode and ties the bank together. Each step covers the last:
/// the drivers are signed, the manifest records their hashes, the manifest's SHA-256 is sealed into the core,
/// and then the core is signed. The loader is signed as it is. A prebuilt driver its vendor signed is kept as it is
/// once its signature verifies against the certificate its depot package names; one that does not stops the build.
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
        var guests = input.Pack.Files
            .Where(f => f.Component is { } name && plan.Components.Single(c => c.Name == name).Kind == ComponentKind.Guest)
            .ToList();
        var manifest = Manifest(plan, drivers, guests);
        var manifestBytes = Encoding.UTF8.GetBytes(manifest);
        var files = new List<PackedFile>();
        foreach (var file in input.Pack.Files)
        {
            var kind = file.Component is { } name ? plan.Components.Single(c => c.Name == name).Kind : (ComponentKind?)null;
            files.Add(kind switch
            {
                ComponentKind.Driver => drivers.Single(d => d.Component == file.Component && d.Path == file.Path),
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
            // A module its vendor signed is kept as it is, once that signature holds.
            if (component.PrebuiltFile is not null && PeLayout.Read(image).CertificateTableSize > 0)
            {
                signers[component.Name] = VendorSigner(input, component, image);
                return image;
            }
        }
        catch (InvalidPeImageException ex)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.NotPeImage, $"{input.Plan.Target}: component '{component.Name}' is not a PE/EFI image: {ex.Message}");
        }

        signers[component.Name] = own;
        return input.Signatures.Sign(image);
    }

    /// <summary>Checks a module its vendor signed against the certificate its package names, and gives that certificate as its signer.</summary>
    private static SignatureInfo VendorSigner(SignInput input, PlannedComponent component, byte[] image)
    {
        var module = $"{input.Plan.Target}: driver '{component.Name}' ({ProjectFolder.Display(component.PrebuiltFile!)})";
        if (component.VendorCertificate is null)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.VendorCertificateMissing, component.Descriptor is null
                ? $"{module} is signed, and a module listed in the recipe has no vendor certificate to check that signature against; describe it as a depot package that names its 'certificate'"
                : $"{module} is signed, but {component.Descriptor} names no 'certificate' to check that signature against; add the vendor's certificate to the package");
        }

        using var vendor = TrustedCertificate.Load(component.VendorCertificate, input.Plan.ProjectRoot);
        if (AuthenticodeVerifier.Verify(image, vendor.Certificate) is { } problem)
        {
            throw new Diagnostics.VerificationFailedException(Diagnostics.DiagnosticCodes.VendorSignature, $"{module}: its vendor signature does not verify against {ProjectFolder.Display(component.VendorCertificate)} ({vendor.Certificate.Subject}): {problem}");
        }

        return SignatureInfo.Of(vendor.Certificate, development: false);
    }

    private static string Manifest(BuildPlan plan, IReadOnlyList<PackedFile> modules, IReadOnlyList<PackedFile> guests)
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

        foreach (var file in guests)
        {
            var guest = plan.Components.Single(c => c.Name == file.Component);
            text.Append(CultureInfo.InvariantCulture, $"guest={file.Path.TrimStart('/')} {guest.Name} {guest.Version} {file.Sha256} {guest.Memory!.Value.Bytes}\n");
        }

        return text.ToString();
    }
}
