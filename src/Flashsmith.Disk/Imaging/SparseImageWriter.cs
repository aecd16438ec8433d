namespace Flashsmith.Disk.Imaging;

/// <summary>
/// Writes a <see cref="DiskImageLayout"/> to a file of exactly the disk's size, writing only the
/// extents: everything else stays a hole, so the file is sparse where the file system allows.
/// </summary>
public static class SparseImageWriter
{
    /// <summary>Writes a new file; <paramref name="flushToDisk"/> waits until the data is on the disk, as an atomic rename needs.</summary>
    public static void Write(DiskImageLayout layout, string path, bool flushToDisk = false, CancellationToken cancellation = default)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Write(layout, file, cancellation);
        file.Flush(flushToDisk);
    }

    public static void Write(DiskImageLayout layout, Stream destination, CancellationToken cancellation = default)
    {
        destination.SetLength(layout.Size.Bytes);
        foreach (var extent in layout.Extents)
        {
            cancellation.ThrowIfCancellationRequested();
            destination.Position = extent.Offset;
            extent.Content.CopyTo(destination);
            if (destination.Position != extent.End)
            {
                throw new IOException($"the extent at {new ByteSize(extent.Offset).ToOffsetString()} wrote {destination.Position - extent.Offset} bytes, not {extent.Content.Length}");
            }
        }
    }
}
