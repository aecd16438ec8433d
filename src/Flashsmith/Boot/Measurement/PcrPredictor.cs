using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Signing;

namespace Flashsmith.Boot.Measurement;

/// <summary>
/// Predicts <see cref="MeasuredBoot.Pcr"/> for each boot bank of an image or key from its files alone: the events the loader
/// would measure for a boot of that bank with no fallback before it (<see cref="MeasuredBoot.Measure"/>), and the value they give.
/// A key gives the same values as its image: the banks are the same bytes.
/// </summary>
public static class PcrPredictor
{
    /// <summary>Every bank of <paramref name="disk"/> that holds a boot.cfg (every FAT partition but the ESP and the unit partition, as <see cref="BankReader"/> finds them).</summary>
    public static IReadOnlyList<BankMeasurement> Predict(Stream disk)
    {
        var table = PartitionTable.Read(disk);
        var unit = KeyVerifier.FindSeal(disk, table)?.Partition.Index;
        var banks = new List<BankMeasurement>();
        foreach (var partition in table.Partitions.Where(p => p.Index != unit && p.TypeGuid != GuidPartitionTable.EfiSystemType))
        {
            FatFileSystem? fs;
            try
            {
                fs = DiskInspector.Open(disk, partition);
            }
            catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
            {
                continue;
            }

            if (fs is null || ReadOrNull(fs, "/" + BootConfig.FileName) is null)
            {
                continue;
            }

            banks.Add(MeasuredBoot.Measure(LoaderName(partition), path => ReadOrNull(fs, path)));
        }

        return banks;
    }

    /// <summary>
    /// The file at <paramref name="path"/>, or null when it is missing, under a missing folder, or cannot be read from
    /// a damaged volume: the loader finds nothing there either.
    /// </summary>
    private static byte[]? ReadOrNull(FatFileSystem fs, string path)
    {
        try
        {
            return fs.ReadFileIfPresent(path);
        }
        catch (InvalidDiskImageException)
        {
            return null;
        }
    }

    /// <summary>The bank's name as the loader gives it: the GPT name, printable ASCII with anything else as '_', at most 36 characters.</summary>
    public static string LoaderName(PartitionInfo partition)
    {
        var name = new string([.. partition.Name.Take(36).Select(c => c is > ' ' and < (char)127 ? c : '_')]);
        return name.Length > 0 ? name : "bank" + partition.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
