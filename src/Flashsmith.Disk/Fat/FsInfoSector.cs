using System.Buffers.Binary;

namespace Flashsmith.Disk.Fat;

/// <summary>The FAT32 FSInfo sector: free cluster count and next free cluster hints.</summary>
public readonly record struct FsInfoSector(uint FreeCount, uint NextFree)
{
    public const int Size = 512;
    private const uint LeadSignature = 0x41615252;
    private const uint StructSignature = 0x61417272;
    private const uint TrailSignature = 0xAA550000;

    public static FsInfoSector Read(ReadOnlySpan<byte> s) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(s[488..]),
        BinaryPrimitives.ReadUInt32LittleEndian(s[492..]));


    public void Write(Span<byte> s)
    {
        s[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(s, LeadSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(s[484..], StructSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(s[488..], FreeCount);
        BinaryPrimitives.WriteUInt32LittleEndian(s[492..], NextFree);
        BinaryPrimitives.WriteUInt32LittleEndian(s[508..], TrailSignature);
    }
}
