using System.Buffers.Binary;

namespace Flashsmith.Disk.Partitions;

/// <summary>Sector 0 of a disk: boot code, disk signature, four partition records and 0x55AA.</summary>
public readonly record struct MasterBootRecord(uint DiskSignature, IReadOnlyList<MbrPartitionRecord> Records, bool HasBootSignature)
{
    public const int Size = 512;
    public const int RecordsOffset = 446;
    public const byte ProtectiveType = 0xEE;

    public static MasterBootRecord Read(ReadOnlySpan<byte> sector)
    {
        var records = new MbrPartitionRecord[4];
        for (var i = 0; i < 4; i++)
        {
            records[i] = MbrPartitionRecord.Read(sector.Slice(RecordsOffset + (i * MbrPartitionRecord.Size), MbrPartitionRecord.Size));
        }

        return new MasterBootRecord(
            BinaryPrimitives.ReadUInt32LittleEndian(sector[440..]),
            records,
            sector[510] == 0x55 && sector[511] == 0xAA);
    }

    /// <summary>Writes the record over <paramref name="sector"/>, keeping its boot code bytes.</summary>
    public void Write(Span<byte> sector)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(sector[440..], DiskSignature);
        sector[444] = 0;
        sector[445] = 0;
        for (var i = 0; i < 4; i++)
        {
            var record = i < Records.Count ? Records[i] : default;
            record.Write(sector.Slice(RecordsOffset + (i * MbrPartitionRecord.Size), MbrPartitionRecord.Size));
        }

        sector[510] = 0x55;
        sector[511] = 0xAA;
    }
}
