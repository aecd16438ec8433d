using Flashsmith.Disk.Fat;
using Flashsmith.Signing;

namespace Flashsmith.Boot;

/// <summary>
/// The bytes of a boot bank that booting rewrites: the bootstate digit and the updated digits of boot.cfg,
/// and the times and attributes the firmware's FAT driver stamps on boot.cfg's directory entry when it writes
/// the file. Seals count them as zeros; everything else in the bank is sealed.
/// </summary>
public static class BankVolatile
{
    /// <summary>Offsets in a short directory entry: the attributes (archive bit), the last access date, the write time and date.</summary>
    private const int DirectoryEntryAttributes = 11;
    private const int DirectoryEntryAccessed = 18;
    private const int DirectoryEntryWritten = 22;

    /// <summary>Where boot.cfg's bootstate digit and updated digits are, from the volume's start; null when it holds no readable boot.cfg.</summary>
    public static (long State, long Updated)? Values(FatFileSystem fs)
    {
        var path = "/" + BootConfig.FileName;
        try
        {
            if (fs.Find(path) is not { IsDirectory: false, FirstCluster: > 0 } item || item.Size > fs.ClusterSize)
            {
                return null;
            }

            var bytes = fs.ReadFile(path);
            var data = fs.DataOffset(item.FirstCluster);
            return (data + BootConfig.StateOffset(bytes), data + BootConfig.UpdatedOffset(bytes));
        }
        catch (Exception ex) when (ex is InvalidDataException or Disk.InvalidDiskImageException)
        {
            return null;
        }
    }

    /// <summary>The ranges, from the volume's start; none when the volume holds no boot.cfg.</summary>
    public static IReadOnlyList<VolatileRange> Of(FatFileSystem fs)
    {
        var path = "/" + BootConfig.FileName;
        var item = fs.Find(path);
        if (item is null || item.IsDirectory || item.FirstCluster == 0 || fs.EntryOffset(path) is not { } entry)
        {
            return [];
        }

        var bytes = fs.ReadFile(path);
        if (bytes.Length > fs.ClusterSize)
        {
            throw new InvalidDataException($"boot.cfg is {bytes.Length} bytes, more than one {fs.ClusterSize}-byte cluster: its values could not be rewritten in place");
        }

        var data = fs.DataOffset(item.FirstCluster);
        return
        [
            new VolatileRange(entry + DirectoryEntryAttributes, 1),
            new VolatileRange(entry + DirectoryEntryAccessed, 2),
            new VolatileRange(entry + DirectoryEntryWritten, 4),
            new VolatileRange(data + BootConfig.StateOffset(bytes), 1),
            new VolatileRange(data + BootConfig.UpdatedOffset(bytes), BootConfig.UpdatedDigits),
        ];
    }
}
