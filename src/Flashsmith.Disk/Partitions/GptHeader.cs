using System.Buffers.Binary;

namespace Flashsmith.Disk.Partitions;

/// <summary>The 92-byte GPT header (UEFI specification, 5.3.2).</summary>
public readonly record struct GptHeader(
    ulong Signature,
    uint Revision,
    uint HeaderSize,
    uint HeaderCrc32,
    long MyLba,
    long AlternateLba,
    long FirstUsableLba,
    long LastUsableLba,
    Guid DiskGuid,
    long PartitionEntryLba,
    uint NumberOfPartitionEntries,
    uint SizeOfPartitionEntry,
    uint PartitionEntryArrayCrc32)
{
    public const int Size = 92;

    /// <summary>"EFI PART" read as a little-endian number.</summary>
    public const ulong EfiPartSignature = 0x5452415020494645;

    public const uint Revision10 = 0x00010000;

    public static GptHeader Read(ReadOnlySpan<byte> data) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(data),
        BinaryPrimitives.ReadUInt32LittleEndian(data[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[16..]),
        BinaryPrimitives.ReadInt64LittleEndian(data[24..]),
        BinaryPrimitives.ReadInt64LittleEndian(data[32..]),
        BinaryPrimitives.ReadInt64LittleEndian(data[40..]),
        BinaryPrimitives.ReadInt64LittleEndian(data[48..]),
        new Guid(data.Slice(56, 16)),
        BinaryPrimitives.ReadInt64LittleEndian(data[72..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[80..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[84..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[88..]));

    /// <summary>Writes the header with its CRC32 computed over these bytes with the CRC field zero.</summary>
    public void Write(Span<byte> data)
    {
        data[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(data, Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(data[8..], Revision);
        BinaryPrimitives.WriteUInt32LittleEndian(data[12..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(data[24..], MyLba);
        BinaryPrimitives.WriteInt64LittleEndian(data[32..], AlternateLba);
        BinaryPrimitives.WriteInt64LittleEndian(data[40..], FirstUsableLba);
        BinaryPrimitives.WriteInt64LittleEndian(data[48..], LastUsableLba);
        DiskGuid.TryWriteBytes(data.Slice(56, 16));
        BinaryPrimitives.WriteInt64LittleEndian(data[72..], PartitionEntryLba);
        BinaryPrimitives.WriteUInt32LittleEndian(data[80..], NumberOfPartitionEntries);
        BinaryPrimitives.WriteUInt32LittleEndian(data[84..], SizeOfPartitionEntry);
        BinaryPrimitives.WriteUInt32LittleEndian(data[88..], PartitionEntryArrayCrc32);
        BinaryPrimitives.WriteUInt32LittleEndian(data[16..], Crc32.Compute(data[..Size]));
    }

    /// <summary>The CRC32 the header should carry: computed over its bytes with the CRC field zero.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> data, int headerSize)
    {
        Span<byte> copy = stackalloc byte[headerSize];
        data[..headerSize].CopyTo(copy);
        copy.Slice(16, 4).Clear();
        return Crc32.Compute(copy);
    }
}
