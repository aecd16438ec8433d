namespace Flashsmith.Disk.Imaging;

/// <summary>A whole disk image as extents in offset order; the bytes between them are zero.</summary>
public sealed record DiskImageLayout(ByteSize Size, IReadOnlyList<DiskExtent> Extents)
{
    /// <summary>The bytes the extents hold: what a sparse write actually writes.</summary>
    public long MappedBytes => Extents.Sum(e => e.Content.Length);
}
