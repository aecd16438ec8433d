namespace Flashsmith.Provisioning;

/// <summary>
/// One range written to a key: from the image at the same offset, or from the key's own extents (the
/// unit partition, the partition tables). <see cref="What"/> names it for people.
/// </summary>
public sealed record WriteSegment(long Offset, long Length, bool FromImage, string What)
{
    public long End => Offset + Length;
}
