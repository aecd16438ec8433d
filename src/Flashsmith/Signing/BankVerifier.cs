using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Flashsmith.BootFiles;
using Flashsmith.Banks;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;

namespace Flashsmith.Signing;

/// <summary>
/// Checks one boot bank's chain offline, as the loader and core check it at boot: its boot.cfg reads, its
/// core carries a valid Authenticode signature, its manifest matches the digest sealed into the core, and
/// every module matches the manifest and is signed, and every guest (a flat binary, not signed) matches the manifest.
/// </summary>
public static class BankVerifier
{
    public const string ManifestFile = ManifestSeal.File;

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
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDiskImageException)
        {
            checks.Add(new VerificationCheck($"{name}: boot chain", ex.Message));
            return checks;
        }

        checks.Add(new VerificationCheck($"{name}:{kernel} Authenticode", Problem(AuthenticodeVerifier.Verify(core, trusted), fs, offset, kernel)));
        var sealedDigest = ManifestSeal.SealedDigest(core);
        checks.Add(new VerificationCheck(
            $"{name}:{ManifestFile} against the digest sealed in the core",
            sealedDigest.AsSpan().SequenceEqual(SHA256.HashData(manifest)) ? null : Problem("the manifest does not match the digest sealed in the core", fs, offset, ManifestFile)));

        foreach (var line in Encoding.UTF8.GetString(manifest).Split('\n'))
        {
            var key = line.StartsWith("module=", StringComparison.Ordinal) ? "module" : line.StartsWith("guest=", StringComparison.Ordinal) ? "guest" : null;
            if (key is null)
            {
                continue;
            }

            var parts = line[(key.Length + 1)..].Split(' ');
            if (parts.Length < 4)
            {
                checks.Add(new VerificationCheck($"{name}:{ManifestFile}", $"a {key} line is malformed: '{line}'"));
                continue;
            }

            var path = "/" + parts[0];
            var subject = $"{name}:{path} ({parts[1]} {parts[2]})";
            byte[] module;
            try
            {
                module = fs.ReadFile(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDiskImageException)
            {
                checks.Add(new VerificationCheck(subject, ex.Message));
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(module));
            var inManifest = hash == parts[3];
            checks.Add(new VerificationCheck(subject + " against the manifest", inManifest ? null : Problem($"its SHA-256 is {hash}, the manifest says {parts[3]}", fs, offset, path)));
            if (key != "module")
            {
                continue;
            }

            var problem = AuthenticodeVerifier.Verify(module, trusted);
            if (problem is not null && inManifest && VendorSigned(module, trusted) is { } vendor)
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
