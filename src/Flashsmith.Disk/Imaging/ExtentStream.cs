namespace Flashsmith.Disk.Imaging;

/// <summary>
/// A read-only, seekable view of <paramref name="extents"/> (in offset order) as an image of <paramref name="length"/>
/// bytes: their contents where they lie, zeros elsewhere. Nothing is copied until it is read, so a file system can be
/// walked in a layout without making its whole image.
/// </summary>
public sealed class ExtentStream(IReadOnlyList<DiskExtent> extents, long length) : PositionalReadStream
{
    public override long Length => length;

    protected override int ReadAt(long offset, Span<byte> buffer)
    {
        DiskExtents.Read(extents, offset, buffer);
        return buffer.Length;
    }
}
