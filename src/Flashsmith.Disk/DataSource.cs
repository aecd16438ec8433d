namespace Flashsmith.Disk;

/// <summary>Bytes to be written into an image: held in memory, or streamed from a file when written.</summary>
public abstract record DataSource
{
    public abstract long Length { get; }

    public static DataSource FromBytes(ReadOnlyMemory<byte> bytes) => new MemoryDataSource(bytes);

    /// <summary>A file's contents; its length is taken now and checked again when it is copied.</summary>
    public static DataSource FromFile(string path) => new FileDataSource(path, new FileInfo(path).Length);

    /// <summary><paramref name="length"/> zero bytes that are written out, unlike the holes between extents.</summary>
    public static DataSource Zeros(long length) => new ZeroDataSource(length);

    public abstract void CopyTo(Stream destination);

    /// <summary>Copies the bytes from <paramref name="offset"/> into <paramref name="destination"/>, which must lie within the source.</summary>
    public abstract void Read(long offset, Span<byte> destination);
}
