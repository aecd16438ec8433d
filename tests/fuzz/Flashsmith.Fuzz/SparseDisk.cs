using System.Buffers.Binary;

namespace Flashsmith.Fuzz;

/// <summary>
/// A disk written as a fuzz input: most of an image is zeros, so an input holds the disk's size and only the pieces
/// that are not. Layout, little-endian: the disk size in 512-byte sectors (u32), then pieces, each a byte offset
/// (u32), a length (u32) and that many bytes (fewer when the input ends). Pieces past the disk's end are cut; a later
/// piece overwrites an earlier one. The size is at least one sector and at most <see cref="MaxSize"/>.
/// </summary>
public sealed class SparseDisk
{
    public const int SectorSize = 512;
    public const long MaxSize = 64L << 20;
    private const int HeaderSize = 4;
    private const int PieceHeaderSize = 8;

    private SparseDisk(long size, IReadOnlyList<(long Offset, byte[] Bytes)> pieces)
    {
        Size = size;
        Pieces = pieces;
    }

    public long Size { get; }

    public IReadOnlyList<(long Offset, byte[] Bytes)> Pieces { get; }

    public static SparseDisk Read(ReadOnlySpan<byte> input)
    {
        var sectors = input.Length >= HeaderSize ? BinaryPrimitives.ReadUInt32LittleEndian(input) : 1u;
        var size = Math.Clamp((long)sectors * SectorSize, SectorSize, MaxSize);
        var pieces = new List<(long, byte[])>();
        var at = Math.Min(HeaderSize, input.Length);
        while (at + PieceHeaderSize <= input.Length)
        {
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(input[at..]);
            long length = BinaryPrimitives.ReadUInt32LittleEndian(input[(at + 4)..]);
            at += PieceHeaderSize;
            var take = (int)Math.Min(length, input.Length - at);
            var fits = (int)Math.Max(0, Math.Min(take, size - offset));
            if (fits > 0)
            {
                pieces.Add((offset, input.Slice(at, fits).ToArray()));
            }

            at += take;
        }

        return new SparseDisk(size, pieces);
    }

    /// <summary>The input that describes <paramref name="image"/>: its size and every run of sectors that are not all zeros.</summary>
    public static byte[] Write(ReadOnlySpan<byte> image)
    {
        var sectors = (image.Length + SectorSize - 1) / SectorSize;
        var output = new List<byte>();
        var word = new byte[4];
        void Add(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, value);
            output.AddRange(word);
        }

        Add((uint)sectors);
        var zero = new bool[sectors];
        for (var s = 0; s < sectors; s++)
        {
            zero[s] = !image[(s * SectorSize)..Math.Min(image.Length, (s + 1) * SectorSize)].ContainsAnyExcept((byte)0);
        }

        bool IsZero(int sector) => zero[sector];
        for (var sector = 0; sector < sectors;)
        {
            if (IsZero(sector))
            {
                sector++;
                continue;
            }

            var end = sector + 1;
            while (end < sectors && !IsZero(end))
            {
                end++;
            }

            var start = sector * SectorSize;
            var bytes = image[start..Math.Min(image.Length, end * SectorSize)];
            Add((uint)start);
            Add((uint)bytes.Length);
            output.AddRange(bytes.ToArray());
            sector = end;
        }

        return [.. output];
    }

    /// <summary>The disk as a read-only stream that reads zeros wherever no piece is.</summary>
    public Stream OpenRead() => new SparseDiskStream(this);

    /// <summary>Writes the disk to <paramref name="path"/> as a sparse file.</summary>
    public void WriteFile(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.SetLength(Size);
        foreach (var (offset, bytes) in Pieces)
        {
            file.Position = offset;
            file.Write(bytes);
        }
    }

    /// <summary>Reads <paramref name="buffer"/>.Length bytes at <paramref name="position"/> (the caller keeps it inside the disk).</summary>
    internal void ReadAt(long position, Span<byte> buffer)
    {
        buffer.Clear();
        foreach (var (offset, bytes) in Pieces)
        {
            var from = Math.Max(position, offset);
            var to = Math.Min(position + buffer.Length, offset + bytes.Length);
            if (from < to)
            {
                bytes.AsSpan((int)(from - offset), (int)(to - from)).CopyTo(buffer[(int)(from - position)..]);
            }
        }
    }
}
