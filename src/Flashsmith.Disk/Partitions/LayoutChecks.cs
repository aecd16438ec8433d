namespace Flashsmith.Disk.Partitions;

/// <summary>Checks shared by both table writers: sectors, bounds, alignment and overlap, with offsets in hex and decimal.</summary>
internal static class LayoutChecks
{
    public static void Check(IReadOnlyList<PartitionDefinition> partitions, ByteSize firstUsable, ByteSize usableEnd, ByteSize alignment, int maxCount, string tableName)
    {
        if (partitions.Count > maxCount)
        {
            throw new DiskFormatException($"{tableName} holds at most {maxCount} partitions, not {partitions.Count}");
        }

        PartitionDefinition? previous = null;
        foreach (var p in partitions.OrderBy(p => p.Offset.Bytes))
        {
            if (p.Offset.Bytes % Lba.SectorSize != 0 || p.Size.Bytes % Lba.SectorSize != 0 || p.Size.Bytes <= 0)
            {
                throw new DiskFormatException($"partition '{p.Name}' at {p.Offset.ToOffsetString()} with {p.Size} is not a whole number of {Lba.SectorSize}-byte sectors");
            }

            if (alignment.Bytes > 1 && p.Offset.Bytes % alignment.Bytes != 0)
            {
                throw new DiskFormatException($"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, not a multiple of the {alignment.ToIecString()} alignment");
            }

            if (p.Offset < firstUsable)
            {
                throw new DiskFormatException($"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, before the first usable byte {firstUsable.ToOffsetString()}");
            }

            if (p.End > usableEnd)
            {
                throw new DiskFormatException($"partition '{p.Name}' ends at {p.End.ToOffsetString()}, past the last usable byte {(usableEnd - new ByteSize(1)).ToOffsetString()}");
            }

            if (previous is not null && p.Offset < previous.End)
            {
                throw new DiskFormatException($"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, inside partition '{previous.Name}' which ends at {previous.End.ToOffsetString()}");
            }

            previous = p;
        }
    }
}
