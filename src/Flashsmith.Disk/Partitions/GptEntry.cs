using System.Buffers.Binary;
using System.Text;

namespace Flashsmith.Disk.Partitions;

/// <summary>One 128-byte GPT partition entry (UEFI specification, 5.3.3).</summary>
public readonly record struct GptEntry(Guid TypeGuid, Guid UniqueGuid, long StartingLba, long EndingLba, ulong Attributes, string Name)
{
    public const int Size = 128;
    public const int MaxNameLength = 36;

    public bool IsUnused => TypeGuid == Guid.Empty;

    public static GptEntry Read(ReadOnlySpan<byte> data)
    {
        var name = Encoding.Unicode.GetString(data.Slice(56, 72));
        var end = name.IndexOf('\0', StringComparison.Ordinal);
        return new GptEntry(
            new Guid(data[..16]),
            new Guid(data.Slice(16, 16)),
            BinaryPrimitives.ReadInt64LittleEndian(data[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[40..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[48..]),
            end < 0 ? name : name[..end]);
    }

    public void Write(Span<byte> data)
    {
        data[..Size].Clear();
        TypeGuid.TryWriteBytes(data[..16]);
        UniqueGuid.TryWriteBytes(data.Slice(16, 16));
        BinaryPrimitives.WriteInt64LittleEndian(data[32..], StartingLba);
        BinaryPrimitives.WriteInt64LittleEndian(data[40..], EndingLba);
        BinaryPrimitives.WriteUInt64LittleEndian(data[48..], Attributes);
        Encoding.Unicode.GetBytes(Name.AsSpan(0, Math.Min(Name.Length, MaxNameLength)), data.Slice(56, 72));
    }
}
