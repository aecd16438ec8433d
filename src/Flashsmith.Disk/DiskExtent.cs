namespace Flashsmith.Disk;

/// <summary>Data placed at a byte offset of an image; everything outside the extents is zero.</summary>
public sealed record DiskExtent(long Offset, DataSource Content)
{
    public long End => Offset + Content.Length;

    public static DiskExtent Of(long offset, byte[] bytes) => new(offset, DataSource.FromBytes(bytes));
}
