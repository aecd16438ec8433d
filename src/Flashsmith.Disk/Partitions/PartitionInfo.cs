namespace Flashsmith.Disk.Partitions;

/// <summary>
/// One partition as a table records it. <see cref="LastLba"/> is inclusive, as on disk.
/// GPT uses the GUIDs, name and attributes; MBR uses <see cref="MbrType"/> and <see cref="Bootable"/>.
/// </summary>
public sealed record PartitionInfo(
    int Index,
    string Name,
    Guid TypeGuid,
    Guid UniqueGuid,
    byte MbrType,
    bool Bootable,
    ulong Attributes,
    Lba FirstLba,
    Lba LastLba)
{
    public ByteSize Offset => FirstLba.Offset;

    public ByteSize Size => new((LastLba.Value - FirstLba.Value + 1) * Lba.SectorSize);

    public ByteSize End => Offset + Size;
}
