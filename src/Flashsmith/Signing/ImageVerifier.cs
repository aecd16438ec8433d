using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Signing;

/// <summary>
/// Checks a built image offline against a trusted certificate: the seal over the whole image, the
/// partition table and file systems, the manifest against the digest sealed into the core, every
/// module against the manifest, every PE's Authenticode signature, and the SBOMs and signed provenance beside it.
/// </summary>
public static class ImageVerifier
{
    private static readonly byte[] Anchor = "THINVISOR-ANCHOR"u8.ToArray();

    public static IReadOnlyList<VerificationCheck> Verify(string imagePath, X509Certificate2 trusted) => Verify(imagePath, trusted, out _);

    /// <summary>Verifies, and gives the image's SHA-256 (lower-case hex) as the seal check computed it.</summary>
    public static IReadOnlyList<VerificationCheck> Verify(string imagePath, X509Certificate2 trusted, out string sha256)
    {
        var checks = new List<VerificationCheck>();
        using var stream = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var seal = imagePath + ".p7s";
        var imageHash = SHA256.HashData(stream);
        sha256 = Convert.ToHexStringLower(imageHash);
        checks.Add(new VerificationCheck(
            $"seal {Path.GetFileName(seal)}",
            File.Exists(seal)
                ? SignedDataVerifier.Verify(File.ReadAllBytes(seal), Oids.Data, _ => imageHash, trusted) is { } problem ? $"the seal does not hold: {problem}" : null
                : "there is no seal: the .p7s file beside the image is missing"));

        VerifyDisk(stream, trusted, checks, isKey: false);
        checks.AddRange(Reproducibility.ReleaseDocumentsVerifier.Verify(imagePath, Convert.ToHexStringLower(imageHash), stream, trusted));
        return checks;
    }

    /// <summary>
    /// Checks a key (a device, or a file larger than the image) with no image at hand: its partitions
    /// and table against the key seal in its unit partition, its file systems, and the boot chain.
    /// </summary>
    public static KeyVerification VerifyKey(Stream key, X509Certificate2 trusted)
    {
        var checks = new List<VerificationCheck>();
        var (statement, unit) = VerifyDisk(key, trusted, checks, isKey: true);
        return new KeyVerification(checks, statement, unit);
    }

    private static (KeySealStatement? Statement, string? UnitRecord) VerifyDisk(Stream stream, X509Certificate2 trusted, List<VerificationCheck> checks, bool isKey)
    {
        DiskReport report;
        try
        {
            report = DiskInspector.Inspect(stream);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            checks.Add(new VerificationCheck("partition table", ex.Message));
            return (null, null);
        }

        checks.Add(new VerificationCheck($"partition table ({report.Table.Style.ToString().ToUpperInvariant()}, {report.Table.Partitions.Count} partitions)", report.Table.Warnings.Count > 0 ? string.Join("; ", report.Table.Warnings) : null));
        var statement = KeyVerifier.Check(stream, report.Table, trusted, checks, sealRequired: isKey);
        foreach (var volume in report.Volumes.Where(v => v.Type is not null || v.Problem is not null))
        {
            checks.Add(new VerificationCheck($"partition '{Name(volume.Partition)}' file system", volume.Problem));
        }

        VerifyBootChain(stream, report, trusted, checks);
        return (statement, isKey ? KeyVerifier.ReadUnitRecord(stream, report.Table) : null);
    }

    private static void VerifyBootChain(Stream stream, DiskReport report, X509Certificate2 trusted, List<VerificationCheck> checks)
    {
        var core = Locate(stream, report, "/EFI/BOOT/BOOTX64.EFI");
        var manifest = Locate(stream, report, "/manifest.txt");
        if (core is null || manifest is null)
        {
            checks.Add(new VerificationCheck("boot chain", core is null ? "no partition holds /EFI/BOOT/BOOTX64.EFI" : "no partition holds /manifest.txt"));
            return;
        }

        var coreBytes = core.Value.Fs.ReadFile("/EFI/BOOT/BOOTX64.EFI");
        checks.Add(new VerificationCheck($"{core.Value.Name}:/EFI/BOOT/BOOTX64.EFI Authenticode", Problem(AuthenticodeVerifier.Verify(coreBytes, trusted), core.Value, "/EFI/BOOT/BOOTX64.EFI")));
        var manifestBytes = manifest.Value.Fs.ReadFile("/manifest.txt");
        var at = coreBytes.AsSpan().IndexOf(Anchor);
        var sealedDigest = at < 0 || at + Anchor.Length + 32 > coreBytes.Length ? [] : coreBytes.AsSpan(at + Anchor.Length, 32).ToArray();
        checks.Add(new VerificationCheck(
            $"{manifest.Value.Name}:/manifest.txt against the digest sealed in the core",
            sealedDigest.AsSpan().SequenceEqual(SHA256.HashData(manifestBytes)) ? null : Problem("the manifest does not match the digest sealed in the core", manifest.Value, "/manifest.txt")));

        foreach (var line in Encoding.UTF8.GetString(manifestBytes).Split('\n').Where(l => l.StartsWith("module=", StringComparison.Ordinal)))
        {
            var parts = line["module=".Length..].Split(' ');
            if (parts.Length < 4)
            {
                checks.Add(new VerificationCheck("manifest", $"a module line is malformed: '{line}'"));
                continue;
            }

            var path = "/" + parts[0];
            var subject = $"{manifest.Value.Name}:{path} ({parts[1]} {parts[2]})";
            byte[] module;
            try
            {
                module = manifest.Value.Fs.ReadFile(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDiskImageException)
            {
                checks.Add(new VerificationCheck(subject, ex.Message));
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(module));
            checks.Add(new VerificationCheck(subject + " against the manifest", hash == parts[3] ? null : Problem($"its SHA-256 is {hash}, the manifest says {parts[3]}", manifest.Value, path)));
            checks.Add(new VerificationCheck(subject + " Authenticode", Problem(AuthenticodeVerifier.Verify(module, trusted), manifest.Value, path)));
        }
    }

    private static string? Problem(string? problem, Volume volume, string path)
    {
        if (problem is null)
        {
            return null;
        }

        var item = volume.Fs.Find(path);
        var offset = item is null || item.FirstCluster == 0 ? string.Empty
            : $" (the file starts at {new ByteSize(volume.Offset + volume.Fs.DataOffset(item.FirstCluster)).ToOffsetString()} in the image)";
        return problem + offset;
    }

    private static Volume? Locate(Stream stream, DiskReport report, string path)
    {
        foreach (var volume in report.Volumes.Where(v => v.Type is not null && v.Problem is null))
        {
            if (volume.Entries.Any(e => !e.IsDirectory && string.Equals(e.Path, path, StringComparison.OrdinalIgnoreCase)))
            {
                var fs = DiskInspector.Open(stream, volume.Partition)!;
                return new Volume(Name(volume.Partition), volume.Partition.Offset.Bytes, fs);
            }
        }

        return null;
    }

    private static string Name(PartitionInfo partition) =>
        partition.Name.Length > 0 ? partition.Name : partition.Index.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Volume(string Name, long Offset, FatFileSystem Fs);
}
