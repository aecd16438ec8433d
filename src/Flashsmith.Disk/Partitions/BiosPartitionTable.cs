
namespace Flashsmith.Disk.Partitions;

/// <summary>Writes and reads classic MBR partition tables: up to four primary partitions.</summary>
public static class BiosPartitionTable
{
    public static IReadOnlyList<DiskExtent> Build(ByteSize diskSize, IReadOnlyList<PartitionDefinition> partitions, DeterministicIds ids, ByteSize alignment)
    {
        if (diskSize.Bytes % Lba.SectorSize != 0 || diskSize.Bytes / Lba.SectorSize > uint.MaxValue)
        {
            throw new DiskFormatException($"an MBR disk must be a whole number of sectors and at most 2 TiB, not {diskSize}");
        }

        LayoutRules.Check(partitions, LayoutBounds.For(PartitionStyle.Mbr, diskSize), alignment);
        var records = partitions
            .Select(p => new MbrPartitionRecord(p.Bootable ? (byte)0x80 : (byte)0, p.MbrType, (uint)(p.Offset.Bytes / Lba.SectorSize), (uint)(p.Size.Bytes / Lba.SectorSize)))
            .ToList();
        var sector = new byte[Lba.SectorSize];
        new MasterBootRecord(ids.NumberFor("disk-signature"), records, true).Write(sector);
        return [DiskExtent.Of(0, sector)];
    }

    public static PartitionTable Read(Stream disk, MasterBootRecord mbr)
    {
        var sectors = disk.Length / Lba.SectorSize;
        var partitions = new List<PartitionInfo>();
        for (var i = 0; i < mbr.Records.Count; i++)
        {
            var r = mbr.Records[i];
            if (r.IsUnused)
            {
                continue;
            }

            if (r.SectorCount == 0 || r.FirstLba == 0 || r.FirstLba + (long)r.SectorCount > sectors)
            {
                throw new InvalidDiskImageException($"MBR partition {i + 1} spans sectors {r.FirstLba} to {r.FirstLba + (long)r.SectorCount - 1}, outside the {sectors}-sector disk");
            }

            partitions.Add(new PartitionInfo(i + 1, string.Empty, Guid.Empty, Guid.Empty, r.Type, r.Status == 0x80, 0, new Lba(r.FirstLba), new Lba(r.FirstLba + (long)r.SectorCount - 1)));
        }

        return new PartitionTable(PartitionStyle.Mbr, new ByteSize(disk.Length), Guid.Empty, mbr.DiskSignature, partitions, []);
    }
}
