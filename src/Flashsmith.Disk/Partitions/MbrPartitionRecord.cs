using System.Buffers.Binary;

namespace Flashsmith.Disk.Partitions;

/// <summary>One 16-byte partition record of a master boot record.</summary>
public readonly record struct MbrPartitionRecord(byte Status, byte Type, uint FirstLba, uint SectorCount)
{
    public const int Size = 16;

    public bool IsUnused => Type == 0;

    public static MbrPartitionRecord Read(ReadOnlySpan<byte> data) => new(
        data[0],
        data[4],
        BinaryPrimitives.ReadUInt32LittleEndian(data[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[12..]));

    /// <summary>Writes the record; CHS fields hold the conventional geometry (255 heads, 63 sectors) or the LBA marker.</summary>
    public void Write(Span<byte> data)
    {
        data[..Size].Clear();
        if (IsUnused)
        {
            return;
        }

        data[0] = Status;
        WriteChs(data.Slice(1, 3), FirstLba);
        data[4] = Type;
        WriteChs(data.Slice(5, 3), FirstLba + SectorCount - 1);
        BinaryPrimitives.WriteUInt32LittleEndian(data[8..], FirstLba);
        BinaryPrimitives.WriteUInt32LittleEndian(data[12..], SectorCount);
    }

    private static void WriteChs(Span<byte> chs, uint lba)
    {
        const uint heads = 255, sectors = 63;
        var cylinder = lba / (heads * sectors);
        if (cylinder > 1023)
        {
            chs[0] = 0xFE;
            chs[1] = 0xFF;
            chs[2] = 0xFF;
            return;
        }

        var head = lba / sectors % heads;
        var sector = lba % sectors + 1;
        chs[0] = (byte)head;
        chs[1] = (byte)(sector | ((cylinder >> 2) & 0xC0));
        chs[2] = (byte)cylinder;
    }
}
