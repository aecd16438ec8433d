namespace Flashsmith.Disk;

/// <summary>
/// Zero bytes that must be written, not left as a hole: file-system structures whose free entries are
/// zero, so that writing only the mapped blocks onto a used key still gives a clean file system.
/// </summary>
public sealed record ZeroDataSource(long ZeroLength) : DataSource
{
    private const int Chunk = 1 << 16;

    public override long Length => ZeroLength;

    public override void Read(long offset, Span<byte> destination) => destination.Clear();

    public override void CopyTo(Stream destination)
    {
        var zeros = new byte[(int)Math.Min(Chunk, Math.Max(ZeroLength, 1))];
        for (var left = ZeroLength; left > 0; left -= zeros.Length)
        {
            destination.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        }
    }
}
