using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Boot;

/// <summary>
/// Checks one boot bank's chain offline, as the loader and core check it at boot: its boot.cfg reads, its
/// core carries a valid Authenticode signature, its manifest matches the digest sealed into the core, and
/// every module matches the manifest and is signed, every guest (a flat binary, not signed) matches the manifest, and
/// every file matches it and, when it is a PE image, is signed. A core built elsewhere carries no manifest digest: its
/// bank's manifest is checked against the signature the build put beside it.
/// </summary>
public static class BankVerifier
{
    public const string ManifestFile = ManifestSeal.File;

    /// <summary>The largest manifest signature read: one certificate chain and a signature fit many times over.</summary>
    private const int MaxSignatureSize = 64 * 1024;

    /// <summary>The checks of the bank in <paramref name="fs"/>, the volume of partition <paramref name="name"/> at byte <paramref name="offset"/> of the disk.</summary>
    public static IReadOnlyList<VerificationCheck> Verify(FatFileSystem fs, string name, long offset, X509Certificate2 trusted)
    {
        var checks = new List<VerificationCheck>();
        BootConfig config;
        try
        {
            config = BootConfig.Parse(fs.ReadFile("/" + BootConfig.FileName));
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidDiskImageException or FileNotFoundException)
        {
            checks.Add(new VerificationCheck($"{name}:/{BootConfig.FileName}", ex.Message));
            return checks;
        }

        if (config.Updated == 0)
        {
            checks.Add(new VerificationCheck($"{name}:/{BootConfig.FileName}", "the bank was never finished: an update stopped before it made the bank bootable (updated=0)"));
        }

        var kernel = "/" + config.Kernel.TrimStart('/');
        byte[] core, manifest;
        try
        {
            core = fs.ReadFile(kernel);
            manifest = fs.ReadFile(ManifestFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDiskImageException)
        {
            checks.Add(new VerificationCheck($"{name}: boot chain", ex.Message));
            return checks;
        }

        checks.Add(new VerificationCheck($"{name}:{kernel} Authenticode", Problem(AuthenticodeVerifier.Verify(core, trusted), fs, offset, kernel)));
        // The build signs the manifest beside a core built elsewhere even when that core happens to hold our anchor's
        // bytes (a Thinvisor core from another build): the signature, when the bank has one, is what vouches for it.
        var sealedDigest = ManifestSeal.SealedDigest(core);
        if (sealedDigest.Length > 0 && fs.Find(ManifestSeal.SignatureFile) is null)
        {
            checks.Add(new VerificationCheck(
                $"{name}:{ManifestFile} against the digest sealed in the core",
                sealedDigest.AsSpan().SequenceEqual(SHA256.HashData(manifest)) ? null : Problem("the manifest does not match the digest sealed in the core", fs, offset, ManifestFile)));
        }
        else
        {
            // A core built elsewhere cannot carry the manifest's digest: the build signed the manifest beside it.
            var signature = fs.ReadFileIfPresent(ManifestSeal.SignatureFile, MaxSignatureSize);
            var digest = SHA256.HashData(manifest);
            checks.Add(new VerificationCheck(
                $"{name}:{ManifestFile} against its signature {ManifestSeal.SignatureFile}",
                signature is null ? $"the core carries no manifest digest and the bank has no {ManifestSeal.SignatureFile} (or one over {MaxSignatureSize} bytes)"
                    : SignedDataVerifier.Verify(signature, Oids.Data, _ => digest, trusted, "the manifest does not match its signature") is { } problem ? Problem(problem, fs, offset, ManifestFile)
                    : null));
        }

        foreach (var entry in BankManifest.Parse(manifest).Entries)
        {
            if (entry.Problem is not null)
            {
                checks.Add(new VerificationCheck($"{name}:{ManifestFile}", entry.Problem));
                continue;
            }

            var path = entry.Path;
            var subject = $"{name}:{path} ({entry.Name} {entry.Version})";
            byte[] module;
            try
            {
                module = fs.ReadFile(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDiskImageException)
            {
                checks.Add(new VerificationCheck(subject, ex.Message));
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(module));
            var inManifest = hash == entry.Sha256;
            checks.Add(new VerificationCheck(subject + " against the manifest", inManifest ? null : Problem($"its SHA-256 is {hash}, the manifest says {entry.Sha256}", fs, offset, path)));

            // A guest is a flat binary and a file may be any data: only modules and files that are PE images are signed.
            if (entry.Key == BankManifest.GuestKey || (entry.Key == BankManifest.FileKey && !PeLayout.IsPe(module)))
            {
                continue;
            }

            var problem = AuthenticodeVerifier.Verify(module, trusted);
            if (entry.Key == BankManifest.ModuleKey && problem is not null && inManifest && VendorSigned(module, trusted) is { } vendor)
            {
                checks.Add(new VerificationCheck($"{subject} Authenticode (signed by its vendor, {vendor}; the manifest sealed into the core covers it)", null));
                continue;
            }

            checks.Add(new VerificationCheck(subject + " Authenticode", Problem(problem, fs, offset, path)));
        }

        return checks;
    }

    /// <summary>
    /// The subject of the certificate that signed <paramref name="module"/> when that is not <paramref name="trusted"/>
    /// and the signature holds for it (the build kept a vendor's signature it checked); null otherwise.
    /// </summary>
    private static string? VendorSigned(byte[] module, X509Certificate2 trusted)
    {
        using var signer = AuthenticodeVerifier.Signer(module);
        return signer is not null && !signer.RawData.AsSpan().SequenceEqual(trusted.RawData) && AuthenticodeVerifier.Verify(module, signer) is null
            ? signer.Subject
            : null;
    }

    /// <summary>The problem with where the file starts in the disk, for a hex editor.</summary>
    public static string? Problem(string? problem, FatFileSystem fs, long offset, string path)
    {
        if (problem is null)
        {
            return null;
        }

        var item = fs.Find(path);
        var where = item is null || item.FirstCluster == 0 ? string.Empty
            : $" (the file starts at {new ByteSize(offset + fs.DataOffset(item.FirstCluster)).ToOffsetString()} in the image)";
        return problem + where;
    }
}
