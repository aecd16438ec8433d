using System.Buffers.Binary;

namespace Flashsmith.Disk.Fat;

/// <summary>A VFAT long-name entry: 13 UTF-16 units of a long name, tied to its short entry by a checksum.</summary>
public readonly record struct LongNameEntry(byte Order, char[] Characters, byte Checksum)
{
    public const int CharactersPerEntry = 13;
    public const byte LastFlag = 0x40;
    private static readonly int[] Offsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

    public static LongNameEntry Read(ReadOnlySpan<byte> e)
    {
        var chars = new char[CharactersPerEntry];
        for (var i = 0; i < CharactersPerEntry; i++)
        {
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(e[Offsets[i]..]);
        }

        return new LongNameEntry(e[0], chars, e[13]);
    }

    public void Write(Span<byte> e)
    {
        e[..DirectoryEntry.Size].Clear();
        e[0] = Order;
        e[11] = (byte)FatAttributes.LongName;
        e[13] = Checksum;
        for (var i = 0; i < CharactersPerEntry; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(e[Offsets[i]..], Characters[i]);
        }
    }

    /// <summary>The entries for <paramref name="name"/>, in the order they sit on disk (last part first).</summary>
    public static IReadOnlyList<LongNameEntry> For(string name, byte checksum)
    {
        var count = (name.Length + CharactersPerEntry - 1) / CharactersPerEntry;
        var entries = new LongNameEntry[count];
        for (var n = 0; n < count; n++)
        {
            var chars = new char[CharactersPerEntry];
            for (var i = 0; i < CharactersPerEntry; i++)
            {
                var index = (n * CharactersPerEntry) + i;
                chars[i] = index < name.Length ? name[index] : index == name.Length ? '\0' : '\uffff';
            }

            var order = (byte)((n + 1) | (n == count - 1 ? LastFlag : 0));
            entries[count - 1 - n] = new LongNameEntry(order, chars, checksum);
        }

        return entries;
    }

    /// <summary>The checksum of an 11-byte short name, as every long-name entry of it records.</summary>
    public static byte ChecksumOf(ReadOnlySpan<byte> shortName)
    {
        byte sum = 0;
        for (var i = 0; i < 11; i++)
        {
            sum = (byte)((((sum & 1) != 0) ? 0x80 : 0) + (sum >> 1) + shortName[i]);
        }

        return sum;
    }
}
