namespace Flashsmith.Disk.Partitions;

/// <summary>The kind of partition table on a disk.</summary>
public enum PartitionStyle
{
    Gpt,
    Mbr,
}
