using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Imaging;

/// <summary>Reads an image's partition table and every FAT volume's tree, checking each file's cluster chain.</summary>
public static class DiskInspector
{
    /// <summary>
    /// Inspects <paramref name="image"/>. An unreadable partition table throws
    /// <see cref="InvalidDiskImageException"/>; a damaged volume is reported in its <see cref="VolumeReport"/>.
    /// </summary>
    public static DiskReport Inspect(Stream image, bool checkFiles = true)
    {
        var table = PartitionTable.Read(image);
        var volumes = table.Partitions.Select(p => InspectVolume(image, p, checkFiles)).ToList();
        return new DiskReport(table, volumes);
    }

    /// <summary>Opens the FAT volume of <paramref name="partition"/>, or null when the partition was never formatted.</summary>
    public static FatFileSystem? Open(Stream image, PartitionInfo partition)
    {
        var first = new byte[FatBootSector.Size];
        image.Position = partition.Offset.Bytes;
        image.ReadExactly(first);
        return first.All(b => b == 0) ? null : new FatFileSystem(image, partition.Offset.Bytes, partition.Size.Bytes);
    }

    private static VolumeReport InspectVolume(Stream image, PartitionInfo partition, bool checkFiles)
    {
        FatFileSystem? fs = null;
        try
        {
            fs = Open(image, partition);
            if (fs is null)
            {
                return new VolumeReport(partition, null, string.Empty, 0, 0, 0, 0, [], null);
            }

            var entries = new List<VolumeEntry>();
            foreach (var (path, item) in fs.Walk())
            {
                if (!item.IsDirectory && checkFiles)
                {
                    fs.CopyFile(item, path, Stream.Null);
                }

                entries.Add(new VolumeEntry(path, item.IsDirectory, item.Size, item.Written));
            }

            return new VolumeReport(partition, fs.Type, fs.VolumeLabel, fs.BootSector.VolumeSerial, fs.ClusterSize, fs.TotalDataBytes, fs.FreeBytes, entries, null);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or DirectoryNotFoundException or FileNotFoundException or EndOfStreamException)
        {
            return new VolumeReport(partition, fs?.Type, fs?.VolumeLabel ?? string.Empty, 0, 0, 0, 0, [], ex.Message);
        }
    }
}
