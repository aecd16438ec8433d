namespace Flashsmith.Disk.Imaging;

/// <summary>
/// A read-only, seekable view of <paramref name="extents"/> (in offset order) as an image of <paramref name="length"/>
/// bytes: their contents where they lie, zeros elsewhere. Nothing is copied until it is read, so a file system can be
/// walked in a layout without making its whole image.
/// </summary>
public sealed class ExtentStream(IReadOnlyList<DiskExtent> extents, long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "a position cannot be negative");
    }

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Clamp(length - position, 0, buffer.Length);
        DiskExtents.Read(extents, position, buffer[..count]);
        position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
