namespace Flashsmith.Disk.Partitions;

/// <summary>Where a table lets partitions lie on a disk: the first usable byte, the end of the usable bytes, and how many it holds.</summary>
public sealed record LayoutBounds(ByteSize DiskSize, ByteSize FirstUsable, ByteSize UsableEnd, int MaxCount, string TableName)
{
    public const int MbrRecordCount = 4;

    public static LayoutBounds For(PartitionStyle style, ByteSize diskSize) => style == PartitionStyle.Gpt
        ? new(diskSize, GuidPartitionTable.FirstUsable, diskSize - GuidPartitionTable.BackupSize, GuidPartitionTable.EntryCount, "a GPT")
        : new(diskSize, new ByteSize(MasterBootRecord.Size), diskSize, MbrRecordCount, "an MBR");
}
