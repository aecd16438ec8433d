namespace Flashsmith.Disk;

/// <summary>
/// A read-only, seekable stream whose bytes are read by offset (<see cref="ReadAt"/>): this class keeps the position,
/// stops reads at <see cref="Stream.Length"/> and refuses writes.
/// </summary>
public abstract class PositionalReadStream : Stream
{
    private long position;

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => true;

    public sealed override bool CanWrite => false;

    public sealed override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "a position cannot be negative");
    }

    public sealed override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Clamp(Length - position, 0, buffer.Length);
        if (count == 0)
        {
            return 0;
        }

        var read = ReadAt(position, buffer[..count]);
        position += read;
        return read;
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => Length + offset,
    };

    public sealed override void Flush()
    {
    }

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads into <paramref name="buffer"/>, which ends within the stream, from <paramref name="offset"/>; returns how many bytes were read.</summary>
    protected abstract int ReadAt(long offset, Span<byte> buffer);
}
