using System.Security.Cryptography.X509Certificates;
using System.Text;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Boot;

/// <summary>
/// Finds the boot banks of a disk (every FAT partition that is neither the ESP nor the unit partition),
/// reads each one's boot.cfg and manifest, checks it, and picks the bank the loader boots next as the
/// loader does: the highest <c>updated=</c> among the valid and upgrading banks.
/// </summary>
public static class BankReader
{
    /// <summary>Every bank of <paramref name="disk"/> with its checks against <paramref name="trusted"/>, and the bank the loader boots next.</summary>
    public static BankTable Read(Stream disk, X509Certificate2 trusted) => ReadBanks(disk, trusted);

    /// <summary>Every bank of <paramref name="disk"/> as its files say, unchecked: for booting it, not for trusting it.</summary>
    public static BankTable Peek(Stream disk) => ReadBanks(disk, null);

    /// <exception cref="BadInputException">The disk's partition table cannot be read.</exception>
    private static BankTable ReadBanks(Stream disk, X509Certificate2? trusted)
    {
        PartitionTable table;
        try
        {
            table = PartitionTable.Read(disk);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"its boot banks cannot be found: {ex.Message}");
        }

        var unit = KeyVerifier.FindSeal(disk, table)?.Partition.Index;
        var banks = new List<BankInfo>();
        foreach (var partition in table.Partitions.Where(p => p.Index != unit && p.TypeGuid != GuidPartitionTable.EfiSystemType))
        {
            FatFileSystem fs;
            try
            {
                fs = DiskInspector.Open(disk, partition) ?? throw new InvalidDiskImageException("no FAT volume");
            }
            catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
            {
                continue;
            }

            banks.Add(Read(disk, fs, partition, trusted));
        }

        var next = banks.Where(b => b.IsBootable).OrderByDescending(b => b.Config!.Updated).FirstOrDefault();
        return new BankTable(banks, next);
    }

    private static BankInfo Read(Stream disk, FatFileSystem fs, PartitionInfo partition, X509Certificate2? trusted)
    {
        var name = partition.Name.Length > 0 ? partition.Name : partition.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var offset = partition.Offset.Bytes;
        var size = partition.Size.Bytes;
        BootConfig config;
        try
        {
            if (fs.Find("/" + BootConfig.FileName) is null)
            {
                return new BankInfo(name, offset, size, null, null, null, null, null, []);
            }

            config = BootConfig.Parse(fs.ReadFile("/" + BootConfig.FileName));
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidDiskImageException or FileNotFoundException)
        {
            return new BankInfo(name, offset, size, null, $"{name}:/{BootConfig.FileName}: {ex.Message}", null, null, null, []);
        }

        BankManifest? manifest = null;
        try
        {
            manifest = BankManifest.Parse(fs.ReadFile(ManifestSeal.File));
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or FileNotFoundException)
        {
            // The chain's checks name the missing manifest.
        }

        var checks = new List<VerificationCheck>();
        if (trusted is not null)
        {
            checks.AddRange(BankVerifier.Verify(fs, name, offset, trusted));
            var seal = KeyVerifier.ReadPartitionSeal(disk, offset, size, trusted);
            checks.Add(seal is null
                ? new VerificationCheck($"partition '{name}' against its partition seal", $"it holds no /{PartitionSealStatement.FileName} signed by {trusted.Subject}")
                : new VerificationCheck($"partition '{name}' against its partition seal ({seal})", KeyVerifier.BlockProblems(disk, offset, size, seal.Blocks, seal.Volatile, seal.BlockSize)));
        }

        return new BankInfo(name, offset, size, config, null, manifest?.Values.GetValueOrDefault("product"), manifest?.Values.GetValueOrDefault("version"), manifest?.Values.GetValueOrDefault("target"), checks)
        {
            Boot = manifest?.Boot ?? BootPatterns.Default,
        };
    }

    private static string? Value(string line, string prefix) => line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].TrimEnd('\r') : null;
}
