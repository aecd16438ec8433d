using System.Text;

namespace Flashsmith.Disk.Partitions;

/// <summary>Writes and reads GUID partition tables: protective MBR, primary and backup headers and entry arrays.</summary>
public static class GuidPartitionTable
{
    public const int EntryCount = 128;
    public const int EntryArraySectors = EntryCount * GptEntry.Size / Lba.SectorSize;

    public static readonly Guid EfiSystemType = new("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
    public static readonly Guid BasicDataType = new("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7");

    /// <summary>The first byte a partition may use: after the MBR, the header and the entry array.</summary>
    public static ByteSize FirstUsable => new((2 + EntryArraySectors) * Lba.SectorSize);

    /// <summary>The bytes at the end of the disk the backup entries and header take.</summary>
    public static ByteSize BackupSize => new((1 + EntryArraySectors) * Lba.SectorSize);

    /// <summary>The table's extents: protective MBR, primary header and entries, backup entries and header.</summary>
    public static IReadOnlyList<DiskExtent> Build(ByteSize diskSize, IReadOnlyList<PartitionDefinition> partitions, DeterministicIds ids, ByteSize alignment)
    {
        var sectors = diskSize.Bytes / Lba.SectorSize;
        if (diskSize.Bytes % Lba.SectorSize != 0 || sectors < 2 * (2 + EntryArraySectors))
        {
            throw new DiskFormatException($"a GPT disk must be a whole number of sectors and at least {2 * (2 + EntryArraySectors) * Lba.SectorSize} bytes, not {diskSize}");
        }

        LayoutRules.Check(partitions, LayoutBounds.For(PartitionStyle.Gpt, diskSize), alignment);
        foreach (var p in partitions)
        {
            if (p.Name.Length > GptEntry.MaxNameLength)
            {
                throw new DiskFormatException($"partition name '{p.Name}' is longer than the {GptEntry.MaxNameLength} characters a GPT entry holds");
            }
        }

        return Write(diskSize, DiskGuidFor(ids), EntriesFor(partitions, ids));
    }

    /// <summary>The disk GUID a table built from <paramref name="ids"/> carries.</summary>
    public static Guid DiskGuidFor(DeterministicIds ids) => ids.GuidFor("disk");

    /// <summary>The entries a table built from <paramref name="ids"/> gives <paramref name="partitions"/>, in slot order.</summary>
    public static IReadOnlyList<GptEntry> EntriesFor(IReadOnlyList<PartitionDefinition> partitions, DeterministicIds ids) =>
        partitions.Select(p => new GptEntry(p.TypeGuid, ids.GuidFor("partition:" + p.Name), p.Offset.Bytes / Lba.SectorSize, (p.End.Bytes / Lba.SectorSize) - 1, p.Attributes, p.Name)).ToList();

    /// <summary>
    /// The table's extents for a disk of <paramref name="diskSize"/>: the protective MBR, the primary
    /// header and entries at the start, the backup entries and header in the last sectors.
    /// <paramref name="entries"/> fill the slots in order; an unused slot has an empty type.
    /// </summary>
    public static IReadOnlyList<DiskExtent> Write(ByteSize diskSize, Guid diskGuid, IReadOnlyList<GptEntry> entries)
    {
        var sectors = diskSize.Bytes / Lba.SectorSize;
        if (entries.Count > EntryCount)
        {
            throw new DiskFormatException($"a GPT holds {EntryCount} partitions, not {entries.Count}");
        }

        var array = new byte[EntryCount * GptEntry.Size];
        for (var i = 0; i < entries.Count; i++)
        {
            if (!entries[i].IsUnused)
            {
                entries[i].Write(array.AsSpan(i * GptEntry.Size, GptEntry.Size));
            }
        }

        var entriesCrc = Crc32.Compute(array);
        var last = sectors - 1;
        var primary = Header(1, last, 2, diskGuid, sectors, entriesCrc);
        var backup = Header(last, 1, last - EntryArraySectors, diskGuid, sectors, entriesCrc);

        var head = new byte[(2 + EntryArraySectors) * Lba.SectorSize];
        var protective = new MbrPartitionRecord(0, MasterBootRecord.ProtectiveType, 1, (uint)Math.Min(sectors - 1, uint.MaxValue));
        new MasterBootRecord(0, [protective], true).Write(head.AsSpan(0, Lba.SectorSize));
        primary.Write(head.AsSpan(Lba.SectorSize));
        array.CopyTo(head, 2 * Lba.SectorSize);

        var tail = new byte[(1 + EntryArraySectors) * Lba.SectorSize];
        array.CopyTo(tail, 0);
        backup.Write(tail.AsSpan(EntryArraySectors * Lba.SectorSize));
        return [DiskExtent.Of(0, head), DiskExtent.Of(diskSize.Bytes - tail.Length, tail)];
    }

    /// <summary>The entry of <paramref name="partition"/> as a GPT stores it.</summary>
    public static GptEntry EntryOf(PartitionInfo partition) =>
        new(partition.TypeGuid, partition.UniqueGuid, partition.FirstLba.Value, partition.LastLba.Value, partition.Attributes, partition.Name);

    /// <summary>Reads the GPT, from the backup when the primary is damaged; both damaged is an error.</summary>
    public static PartitionTable Read(Stream disk)
    {
        var sectors = disk.Length / Lba.SectorSize;
        var warnings = new List<string>();
        var primary = TryReadHeader(disk, 1, sectors, out var primaryProblem);
        GptHeader header;
        byte[] entries;
        if (primary is { } p && TryReadEntries(disk, p, sectors, out entries, out primaryProblem))
        {
            header = p;
            var backup = TryReadHeader(disk, p.AlternateLba, sectors, out var backupProblem);
            if (backup is null || !TryReadEntries(disk, backup.Value, sectors, out _, out backupProblem))
            {
                warnings.Add($"backup GPT: {backupProblem}");
            }
        }
        else
        {
            var backup = TryReadHeader(disk, sectors - 1, sectors, out var backupProblem);
            if (backup is null || !TryReadEntries(disk, backup.Value, sectors, out entries, out backupProblem))
            {
                throw new InvalidDiskImageException($"primary GPT: {primaryProblem}; backup GPT: {backupProblem}");
            }

            header = backup.Value;
            warnings.Add($"primary GPT: {primaryProblem}; read the backup instead");
        }

        var partitions = new List<PartitionInfo>();
        for (var i = 0; i < header.NumberOfPartitionEntries; i++)
        {
            var entry = GptEntry.Read(entries.AsSpan((int)(i * header.SizeOfPartitionEntry), GptEntry.Size));
            if (entry.IsUnused)
            {
                continue;
            }

            if (entry.StartingLba < header.FirstUsableLba || entry.EndingLba > header.LastUsableLba || entry.StartingLba > entry.EndingLba)
            {
                throw new InvalidDiskImageException($"GPT entry {i + 1} ('{Printable(entry.Name)}') spans sectors {entry.StartingLba} to {entry.EndingLba}, outside the usable sectors {header.FirstUsableLba} to {header.LastUsableLba}");
            }

            partitions.Add(new PartitionInfo(i + 1, entry.Name, entry.TypeGuid, entry.UniqueGuid, 0, false, entry.Attributes, new Lba(entry.StartingLba), new Lba(entry.EndingLba)));
        }

        return new PartitionTable(PartitionStyle.Gpt, new ByteSize(disk.Length), header.DiskGuid, 0, partitions, warnings);
    }

    private static GptHeader Header(long my, long alternate, long entriesLba, Guid diskGuid, long sectors, uint entriesCrc) => new(
        GptHeader.EfiPartSignature,
        GptHeader.Revision10,
        GptHeader.Size,
        0,
        my,
        alternate,
        2 + EntryArraySectors,
        sectors - 2 - EntryArraySectors,
        diskGuid,
        entriesLba,
        EntryCount,
        GptEntry.Size,
        entriesCrc);

    private static GptHeader? TryReadHeader(Stream disk, long lba, long sectors, out string problem)
    {
        problem = string.Empty;
        if (lba < 1 || lba >= sectors)
        {
            problem = $"header sector {lba} is outside the {sectors}-sector disk";
            return null;
        }

        var sector = new byte[Lba.SectorSize];
        disk.Position = lba * Lba.SectorSize;
        disk.ReadExactly(sector);
        var header = GptHeader.Read(sector);
        if (header.Signature != GptHeader.EfiPartSignature)
        {
            problem = $"no 'EFI PART' signature at sector {lba}";
            return null;
        }

        if (header.HeaderSize < GptHeader.Size || header.HeaderSize > Lba.SectorSize)
        {
            problem = $"header size {header.HeaderSize} at sector {lba} is not between {GptHeader.Size} and {Lba.SectorSize}";
            return null;
        }

        var crc = GptHeader.ComputeCrc(sector, (int)header.HeaderSize);
        if (crc != header.HeaderCrc32)
        {
            problem = $"header CRC32 at sector {lba} is 0x{header.HeaderCrc32:x8}, the header computes to 0x{crc:x8}";
            return null;
        }

        if (header.MyLba != lba)
        {
            problem = $"header at sector {lba} says it is at sector {header.MyLba}";
            return null;
        }

        if (header.FirstUsableLba < 2 || header.LastUsableLba >= sectors || header.FirstUsableLba > header.LastUsableLba)
        {
            problem = $"usable sectors {header.FirstUsableLba} to {header.LastUsableLba} do not fit the {sectors}-sector disk";
            return null;
        }

        return header;
    }

    private static bool TryReadEntries(Stream disk, GptHeader header, long sectors, out byte[] entries, out string problem)
    {
        entries = [];
        problem = string.Empty;
        if (header.SizeOfPartitionEntry < GptEntry.Size || header.SizeOfPartitionEntry > 4096 || header.SizeOfPartitionEntry % 8 != 0
            || header.NumberOfPartitionEntries > 4096)
        {
            problem = $"{header.NumberOfPartitionEntries} entries of {header.SizeOfPartitionEntry} bytes is not a usable entry array";
            return false;
        }

        var length = (long)header.NumberOfPartitionEntries * header.SizeOfPartitionEntry;
        var arraySectors = (length + Lba.SectorSize - 1) / Lba.SectorSize;
        if (header.PartitionEntryLba < 2 || header.PartitionEntryLba + arraySectors > sectors)
        {
            problem = $"the entry array at sector {header.PartitionEntryLba} runs past the end of the disk";
            return false;
        }

        entries = new byte[length];
        disk.Position = header.PartitionEntryLba * Lba.SectorSize;
        disk.ReadExactly(entries);
        var crc = Crc32.Compute(entries);
        if (crc != header.PartitionEntryArrayCrc32)
        {
            problem = $"entry array CRC32 is 0x{header.PartitionEntryArrayCrc32:x8}, the entries compute to 0x{crc:x8}";
            return false;
        }

        return true;
    }

    private static string Printable(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
