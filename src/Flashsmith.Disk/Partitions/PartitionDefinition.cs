namespace Flashsmith.Disk.Partitions;

/// <summary>A partition to create: where it goes and what the table says about it.</summary>
public sealed record PartitionDefinition(
    string Name,
    ByteSize Offset,
    ByteSize Size,
    Guid TypeGuid,
    byte MbrType,
    bool Bootable = false,
    ulong Attributes = 0)
{
    public ByteSize End => Offset + Size;
}
