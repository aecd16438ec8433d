using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using Flashsmith.Boot;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Verification;

/// <summary>
/// Checks a built image offline against a trusted certificate: the seal over the whole image, the
/// partition table and file systems, the manifest against the digest sealed into the core, every
/// module against the manifest, every PE's Authenticode signature, and the SBOMs and signed provenance beside it.
/// </summary>
public static class ImageVerifier
{
    private const string LoaderPath = Planning.BuildPlanner.LoaderPath;

    public static IReadOnlyList<VerificationCheck> Verify(string imagePath, X509Certificate2 trusted) => Verify(imagePath, trusted, out _);

    /// <summary>Verifies, and gives the image's SHA-256 (lower-case hex) as the seal check computed it.</summary>
    public static IReadOnlyList<VerificationCheck> Verify(string imagePath, X509Certificate2 trusted, out string sha256)
    {
        var checks = new List<VerificationCheck>();
        // A small buffer for the file systems' scattered reads: each seek refills it. The hash reads past it, in large pieces.
        using var stream = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var seal = imagePath + ".p7s";
        var imageHash = Sha256(stream);
        sha256 = Convert.ToHexStringLower(imageHash);
        var sealProblem = File.Exists(seal)
            ? SignedDataVerifier.Verify(File.ReadAllBytes(seal), Oids.Data, _ => imageHash, trusted) is { } problem ? $"the seal does not hold: {problem}" : null
            : "there is no seal: the .p7s file beside the image is missing";
        var disk = new List<VerificationCheck>();
        var (statement, _) = VerifyDisk(stream, trusted, disk, isKey: false);

        // A boot writes its bank's state and an update writes a bank, so an image in service no longer matches
        // its whole-image seal. A boot's change is excused when the seal holds for the image with those bytes as
        // built; an update's, when every partition holds what the key seal or its own partition seal signed and
        // at least one was checked against its own seal.
        var subject = $"seal {Path.GetFileName(seal)}";
        if (sealProblem is not null && File.Exists(seal) && statement is not null)
        {
            if (SignedDataVerifier.Verify(File.ReadAllBytes(seal), Oids.Data, _ => HashAsBuilt(stream, statement), trusted) is null)
            {
                subject += " (with the bank state a boot wrote as it was built)";
                sealProblem = null;
            }
            else if (disk.All(c => c.Passed) && disk.Any(c => c.ByPartitionSeal))
            {
                subject += " (an update wrote a boot bank: every partition holds what the key seal or its own partition seal signed)";
                sealProblem = null;
            }
        }

        checks.Add(new VerificationCheck(subject, sealProblem));
        checks.AddRange(disk);
        checks.AddRange(ReleaseDocumentsVerifier.Verify(imagePath, Convert.ToHexStringLower(imageHash), stream, trusted));
        return checks;
    }

    private static byte[] Sha256(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer.AsSpan(0, read));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The image's SHA-256 with every volatile byte the key seal records put back as it was built.</summary>
    private static byte[]? HashAsBuilt(Stream stream, KeySealStatement statement)
    {
        var restore = statement.Partitions
            .SelectMany(p => p.Volatile.Where(v => v.Original is not null).Select(v => (Offset: p.Offset + v.Offset, v.Original)))
            .OrderBy(r => r.Offset)
            .ToList();
        if (restore.Count == 0)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        stream.Position = 0;
        for (long at = 0; at < stream.Length;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, stream.Length - at));
            if (read == 0)
            {
                return null;
            }

            foreach (var (offset, original) in restore.Where(r => r.Offset < at + read && r.Offset + r.Original!.Length > at))
            {
                for (var i = 0; i < original!.Length; i++)
                {
                    var position = offset + i - at;
                    if (position >= 0 && position < read)
                    {
                        buffer[position] = original[i];
                    }
                }
            }

            hash.AppendData(buffer, 0, read);
            at += read;
        }

        return hash.GetHashAndReset();
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

    /// <summary>The loader on the ESP, and the chain of every boot bank (every volume whose root holds boot.cfg).</summary>
    private static void VerifyBootChain(Stream stream, DiskReport report, X509Certificate2 trusted, List<VerificationCheck> checks)
    {
        var loader = Locate(stream, report, LoaderPath);
        if (loader is null)
        {
            checks.Add(new VerificationCheck("boot chain", $"no partition holds {LoaderPath}"));
            return;
        }

        checks.Add(new VerificationCheck($"{loader.Value.Name}:{LoaderPath} Authenticode", BankVerifier.Problem(AuthenticodeVerifier.Verify(loader.Value.Fs.ReadFile(LoaderPath), trusted), loader.Value.Fs, loader.Value.Offset, LoaderPath)));
        var banks = report.Volumes
            .Where(v => v.Type is not null && v.Problem is null && v.Entries.Any(e => !e.IsDirectory && string.Equals(e.Path, "/" + BootConfig.FileName, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (banks.Count == 0)
        {
            checks.Add(new VerificationCheck("boot chain", $"no partition holds /{BootConfig.FileName}: there is no boot bank"));
        }

        foreach (var bank in banks)
        {
            checks.AddRange(BankVerifier.Verify(DiskInspector.Open(stream, bank.Partition)!, Name(bank.Partition), bank.Partition.Offset.Bytes, trusted));
        }

        VerifyOtherPeFiles(stream, report, trusted, checks);
    }

    /// <summary>Every PE file on every partition that the boot chain's checks did not cover is signed by the trusted certificate too.</summary>
    private static void VerifyOtherPeFiles(Stream stream, DiskReport report, X509Certificate2 trusted, List<VerificationCheck> checks)
    {
        foreach (var volume in report.Volumes.Where(v => v.Type is not null && v.Problem is null))
        {
            var name = Name(volume.Partition);
            var fs = DiskInspector.Open(stream, volume.Partition)!;
            foreach (var entry in volume.Entries.Where(e => !e.IsDirectory && e.Size >= 2).OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                var subject = $"{name}:{entry.Path}";
                if (checks.Any(c => c.Subject.StartsWith(subject + " ", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                byte[] bytes;
                try
                {
                    bytes = fs.ReadFile(entry.Path);
                }
                catch (InvalidDiskImageException ex)
                {
                    checks.Add(new VerificationCheck(subject, ex.Message));
                    continue;
                }

                if (bytes[0] == (byte)'M' && bytes[1] == (byte)'Z')
                {
                    checks.Add(new VerificationCheck($"{subject} Authenticode", BankVerifier.Problem(AuthenticodeVerifier.Verify(bytes, trusted), fs, volume.Partition.Offset.Bytes, entry.Path)));
                }
            }
        }
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
