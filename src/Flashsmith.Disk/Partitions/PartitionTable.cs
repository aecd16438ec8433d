namespace Flashsmith.Disk.Partitions;

/// <summary>A partition table read from a disk, GPT or MBR, with anything odd that reading noticed.</summary>
public sealed record PartitionTable(
    PartitionStyle Style,
    ByteSize DiskSize,
    Guid DiskGuid,
    uint DiskSignature,
    IReadOnlyList<PartitionInfo> Partitions,
    IReadOnlyList<string> Warnings)
{
    public PartitionInfo? Find(string nameOrIndex) =>
        Partitions.FirstOrDefault(p => p.Name == nameOrIndex)
        ?? Partitions.FirstOrDefault(p => p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) == nameOrIndex);

    /// <summary>Reads the table of the disk in <paramref name="disk"/>: GPT when the MBR is protective, else MBR.</summary>
    public static PartitionTable Read(Stream disk)
    {
        if (disk.Length < 2 * Lba.SectorSize)
        {
            throw new InvalidDiskImageException($"the image is {disk.Length} bytes, too small to hold a partition table");
        }

        var sector = new byte[Lba.SectorSize];
        disk.Position = 0;
        disk.ReadExactly(sector);
        var mbr = MasterBootRecord.Read(sector);
        if (!mbr.HasBootSignature)
        {
            throw new InvalidDiskImageException("sector 0 does not end in 0x55AA: the image has no partition table");
        }

        return mbr.Records.Any(r => r.Type == MasterBootRecord.ProtectiveType)
            ? GuidPartitionTable.Read(disk)
            : BiosPartitionTable.Read(disk, mbr);
    }
}
