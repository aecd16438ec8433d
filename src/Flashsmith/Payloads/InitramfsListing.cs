using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Payloads;

/// <summary>
/// Finds the initramfs files in an inspected image and lists their members: every regular file of a readable FAT
/// volume that starts with the gzip magic and decompresses to a newc cpio archive. A file that is gzip but not an
/// archive (a compressed kernel, a log) is not an initramfs, and is left out without a word.
/// </summary>
public static class InitramfsListing
{
    /// <summary>
    /// The largest file looked into, as it is read whole into memory. An initramfs has to fit a boot bank of a flash
    /// of some tens of MiB; a larger file is skipped rather than read.
    /// </summary>
    public static readonly ByteSize MaxFileSize = ByteSize.FromMiB(64);

    /// <summary>A gzip file starts with these two bytes (RFC 1952 ID1, ID2).</summary>
    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];

    /// <summary>
    /// The initramfs files among the files <paramref name="report"/> lists, in its order, read from
    /// <paramref name="image"/> (the stream it was made from). Damaged volumes, and files whose clusters cannot be
    /// read, are skipped: the report already says what is wrong with them.
    /// </summary>
    public static IReadOnlyList<InitramfsFile> Find(Stream image, DiskReport report)
    {
        var found = new List<InitramfsFile>();
        foreach (var volume in report.Volumes.Where(v => v.Type is not null && v.Problem is null))
        {
            FatFileSystem? fs;
            try
            {
                fs = DiskInspector.Open(image, volume.Partition);
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                fs = null;
            }

            if (fs is null)
            {
                continue;
            }

            foreach (var entry in volume.Entries.Where(e => !e.IsDirectory && e.Size >= DeterministicGzip.HeaderSize + DeterministicGzip.TrailerSize && e.Size <= MaxFileSize.Bytes))
            {
                if (Entries(image, volume, fs, entry.Path) is { } entries)
                {
                    found.Add(new InitramfsFile(volume.Partition, entry.Path, entries));
                }
            }
        }

        return found;
    }

    /// <summary>The members of the file at <paramref name="path"/>, or null when it is not an initramfs or cannot be read.</summary>
    private static IReadOnlyList<InitramfsEntry>? Entries(Stream image, VolumeReport volume, FatFileSystem fs, string path)
    {
        try
        {
            if (fs.Find(path) is not { IsDirectory: false } item)
            {
                return null;
            }

            // Two bytes from the first cluster, so that only gzip files are read whole.
            Span<byte> magic = stackalloc byte[2];
            image.Position = volume.Partition.Offset.Bytes + fs.DataOffset(item.FirstCluster);
            image.ReadExactly(magic);
            if (!magic.SequenceEqual(GzipMagic))
            {
                return null;
            }

            using var data = new MemoryStream((int)item.Size);
            fs.CopyFile(item, path, data);
            return InitramfsReader.List(data.GetBuffer().AsSpan(0, (int)data.Length));
        }
        catch (Exception ex) when (ex is InvalidDataException || IsUnreadable(ex))
        {
            // InvalidDataException: gzip, but not a cpio archive (or a damaged one), so not an initramfs.
            return null;
        }
    }

    private static bool IsUnreadable(Exception ex) =>
        ex is InvalidDiskImageException or EndOfStreamException or DirectoryNotFoundException or FileNotFoundException;
}
