using System.Globalization;

namespace Flashsmith.Disk;

/// <summary>A logical block address: a sector number on a disk of 512-byte sectors.</summary>
public readonly record struct Lba(long Value) : IComparable<Lba>
{
    public const int SectorSize = 512;

    public ByteSize Offset => new(Value * SectorSize);

    /// <summary>The sector that holds byte <paramref name="offset"/>; the offset must be sector-aligned.</summary>
    public static Lba FromOffset(ByteSize offset) =>
        offset.Bytes % SectorSize == 0
            ? new Lba(offset.Bytes / SectorSize)
            : throw new ArgumentException($"offset {offset.ToOffsetString()} is not a multiple of {SectorSize}", nameof(offset));

    public int CompareTo(Lba other) => Value.CompareTo(other.Value);

    public static Lba operator +(Lba a, long sectors) => new(a.Value + sectors);

    public static Lba operator -(Lba a, long sectors) => new(a.Value - sectors);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
