namespace Flashsmith.Disk;

/// <summary>Bytes held in memory.</summary>
public sealed record MemoryDataSource(ReadOnlyMemory<byte> Bytes) : DataSource
{
    public override long Length => Bytes.Length;

    public override void CopyTo(Stream destination) => destination.Write(Bytes.Span);

    public override void Read(long offset, Span<byte> destination) => Bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);
}
