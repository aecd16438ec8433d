using System.Buffers.Binary;

namespace Flashsmith.Disk.Fat;

/// <summary>A 32-byte short directory entry (Microsoft FAT specification, section 6).</summary>
public readonly record struct DirectoryEntry(
    byte[] ShortName,
    FatAttributes Attributes,
    DosTime Created,
    ushort AccessedDate,
    DosTime Written,
    uint FirstCluster,
    uint FileSize,
    byte CaseFlags = 0)
{
    /// <summary>Windows NT's flags (byte 12): the base name (0x08) or extension (0x10) is lower case.</summary>
    public const byte LowerCaseBase = 0x08;
    public const byte LowerCaseExtension = 0x10;

    public const int Size = 32;
    public const byte EndMarker = 0x00;
    public const byte DeletedMarker = 0xE5;

    public bool IsLongName => (Attributes & FatAttributes.LongName) == FatAttributes.LongName;

    public bool IsDirectory => (Attributes & FatAttributes.Directory) != 0 && !IsLongName;

    public bool IsVolumeLabel => (Attributes & FatAttributes.VolumeId) != 0 && !IsLongName;

    public static DirectoryEntry Read(ReadOnlySpan<byte> e) => new(
        e[..11].ToArray(),
        (FatAttributes)e[11],
        new DosTime(BinaryPrimitives.ReadUInt16LittleEndian(e[16..]), BinaryPrimitives.ReadUInt16LittleEndian(e[14..]), e[13]),
        BinaryPrimitives.ReadUInt16LittleEndian(e[18..]),
        new DosTime(BinaryPrimitives.ReadUInt16LittleEndian(e[24..]), BinaryPrimitives.ReadUInt16LittleEndian(e[22..]), 0),
        ((uint)BinaryPrimitives.ReadUInt16LittleEndian(e[20..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(e[26..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[28..]),
        e[12]);

    public void Write(Span<byte> e)
    {
        e[..Size].Clear();
        ShortName.AsSpan(0, 11).CopyTo(e);
        e[11] = (byte)Attributes;
        e[12] = CaseFlags;
        e[13] = Created.Tenths;
        BinaryPrimitives.WriteUInt16LittleEndian(e[14..], Created.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(e[16..], Created.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(e[18..], AccessedDate);
        BinaryPrimitives.WriteUInt16LittleEndian(e[20..], (ushort)(FirstCluster >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(e[22..], Written.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(e[24..], Written.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(e[26..], (ushort)FirstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(e[28..], FileSize);
    }
}
