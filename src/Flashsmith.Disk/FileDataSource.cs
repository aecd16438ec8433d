namespace Flashsmith.Disk;

/// <summary>A file's contents, streamed when written so large inputs never sit in memory.</summary>
public sealed record FileDataSource(string Path, long FileLength) : DataSource
{
    public override long Length => FileLength;

    public override void CopyTo(Stream destination)
    {
        using var source = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (source.Length != FileLength)
        {
            throw new IOException($"{Path} changed size while the image was being built ({FileLength} bytes, now {source.Length})");
        }

        source.CopyTo(destination, 1 << 16);
    }

    public override void Read(long offset, Span<byte> destination)
    {
        using var handle = File.OpenHandle(Path);
        if (RandomAccess.GetLength(handle) != FileLength)
        {
            throw new IOException($"{Path} changed size while the image was being built ({FileLength} bytes, now {RandomAccess.GetLength(handle)})");
        }

        var done = 0;
        while (done < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[done..], offset + done);
            if (read == 0)
            {
                throw new IOException($"{Path} ended at {offset + done} bytes, before its {FileLength} bytes");
            }

            done += read;
        }
    }
}
