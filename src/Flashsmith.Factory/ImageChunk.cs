using Flashsmith.Devices;

namespace Flashsmith.Provisioning;

/// <summary>
/// A piece of the image read once by <see cref="ImageFeed"/> and written by every device: its place,
/// its bytes and their SHA-256. Each device releases it when written; the last release frees the buffer.
/// </summary>
public sealed class ImageChunk
{
    private readonly Action<ImageChunk> free;
    private int holders;

    internal ImageChunk(WriteSegment segment, long offset, AlignedBuffer buffer, int length, byte[] sha256, int holders, Action<ImageChunk> free)
    {
        Segment = segment;
        Offset = offset;
        Buffer = buffer;
        Length = length;
        Sha256 = sha256;
        this.holders = holders;
        this.free = free;
    }

    /// <summary>The range of the key this chunk is part of.</summary>
    public WriteSegment Segment { get; }

    public long Offset { get; }

    public int Length { get; }

    public byte[] Sha256 { get; }

    internal AlignedBuffer Buffer { get; }

    public ReadOnlySpan<byte> Data => Buffer.Span[..Length];

    /// <summary>Says that one device is done with the chunk.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref holders) == 0)
        {
            free(this);
        }
    }
}
