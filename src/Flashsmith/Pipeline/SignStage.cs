using System.Globalization;
using System.Text;
using Flashsmith.Boot;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// Signs the packed PE/EFI files with Authenticode and ties the bank together. Each step covers the last:
/// the drivers and the files that are PE images (a kernel's EFI stub) are signed, the manifest records their hashes
/// and those of guests and other files, the manifest's SHA-256 is sealed into our core, and then the core is signed.
/// A core built elsewhere has no place for that digest: the manifest is signed beside it instead. The loader is signed as it is. A prebuilt driver its vendor signed is kept as it is
/// once its signature verifies against the certificate its depot package names; one that does not stops the build.
/// </summary>
public static class SignStage
{
    public static SignOutput Run(SignInput input)
    {
        var plan = input.Plan;
        var own = SignatureInfo.Of(input.Signatures.Key);
        var signers = new SortedDictionary<string, SignatureInfo>(StringComparer.Ordinal);
        var kinds = plan.Components.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        ComponentKind? KindOf(PackedFile file) => file.Component is { } name ? kinds[name] : null;

        // Modules, and files that are PE images (a kernel with an EFI stub), are signed before the manifest records their hashes.
        var listed = input.Pack.Files
            .Where(f => KindOf(f) is ComponentKind.Driver or ComponentKind.Guest or ComponentKind.File)
            .Select(f => KindOf(f) switch
            {
                ComponentKind.Driver => new PackedFile(f.Partition, f.Path, Sign(input, f, own, signers), f.Component),
                ComponentKind.File when PeLayout.IsPe(f.Bytes) => new PackedFile(f.Partition, f.Path, Sign(input, f, own, signers), f.Component),
                _ => f,
            })
            .ToList();
        var bank = plan.Layout.WithContents(PartitionContents.Bootbank).Name;
        var manifest = Manifest(plan, bank, listed);
        var manifestBytes = Encoding.UTF8.GetBytes(manifest);
        var core = plan.Components.Single(c => c.Kind == ComponentKind.Core);
        var files = new List<PackedFile>();
        foreach (var file in input.Pack.Files)
        {
            files.Add(KindOf(file) switch
            {
                ComponentKind.Driver or ComponentKind.Guest or ComponentKind.File => listed.Single(d => d.Component == file.Component && d.Path == file.Path),

                // Our core carries the manifest's digest under its signature; a core built elsewhere has no place for it.
                ComponentKind.Core when core.PrebuiltFile is null => new PackedFile(file.Partition, file.Path, Sign(input, file, own, signers, ManifestSeal.Embed(file.Bytes, manifestBytes)), file.Component),
                ComponentKind.Core or ComponentKind.Loader => new PackedFile(file.Partition, file.Path, Sign(input, file, own, signers), file.Component),
                _ => file,
            });
        }

        files.Add(new PackedFile(bank, ManifestSeal.File, manifestBytes, null));
        if (core.PrebuiltFile is not null)
        {
            files.Add(new PackedFile(bank, ManifestSeal.SignatureFile, input.Signatures.Detached(manifestBytes), null));
        }

        return new SignOutput(files, manifest, input.Pack.BootConfig, signers);
    }

    /// <summary>
    /// Signs a component's bytes (<paramref name="bytes"/>, else the file's) and records who signed it. A prebuilt
    /// driver its vendor signed is kept as it is once that signature holds; any other prebuilt PE image keeps the
    /// signatures it carries and gets ours beside them.
    /// </summary>
    private static byte[] Sign(SignInput input, PackedFile file, SignatureInfo own, IDictionary<string, SignatureInfo> signers, byte[]? bytes = null)
    {
        var image = bytes ?? file.Bytes;
        var component = input.Plan.Components.Single(c => c.Name == file.Component);
        try
        {
            if (component.Kind == ComponentKind.Driver && component.PrebuiltFile is not null && PeLayout.Read(image).CertificateTableSize > 0)
            {
                signers[component.Name] = VendorSigner(input, component, image);
                return image;
            }

            signers[component.Name] = own;
            return input.Signatures.Sign(image);
        }
        catch (InvalidPeImageException ex)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.NotPeImage, $"{input.Plan.Target}: component '{component.Name}' is not a PE/EFI image: {ex.Message}");
        }
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

    /// <summary>The manifest of <paramref name="bank"/>: the product, and a line for each module, guest and file it holds.</summary>
    private static string Manifest(BuildPlan plan, string bank, IReadOnlyList<PackedFile> listed)
    {
        var text = new StringBuilder();
        text.Append("format=thinvisor-manifest/1\n");
        text.Append(CultureInfo.InvariantCulture, $"product={plan.Product}\nversion={plan.Version}\ntarget={plan.Target}\n");
        text.Append(CultureInfo.InvariantCulture, $"banner={PackStage.OneLine(plan.Banner)}\nbuild={plan.Epoch.Seconds}\n");
        if (!plan.Boot.IsDefault)
        {
            text.Append(CultureInfo.InvariantCulture, $"{BankManifest.ReadyKey}={PackStage.OneLine(plan.Boot.Ready.ToString())}\n{BankManifest.HaltKey}={PackStage.OneLine(plan.Boot.Halt.ToString())}\n");
        }

        foreach (var file in listed)
        {
            var component = plan.Components.Single(c => c.Name == file.Component);
            var line = component.Kind switch
            {
                ComponentKind.Driver => $"{BankManifest.ModuleKey}={file.Path.TrimStart('/')} {component.Name} {component.Version} {file.Sha256} {(component.PciIds.Count == 0 ? "-" : string.Join(',', component.PciIds.Select(p => p.ToString())))}",
                ComponentKind.Guest => $"{BankManifest.GuestKey}={file.Path.TrimStart('/')} {component.Name} {component.Version} {file.Sha256} {component.Memory!.Value.Bytes}",
                _ => file.Partition == bank
                    ? $"{BankManifest.FileKey}={file.Path.TrimStart('/')} {component.Name} {component.Version} {file.Sha256}"
                    : null,
            };
            if (line is not null)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }
}
