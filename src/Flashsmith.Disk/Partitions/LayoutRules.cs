namespace Flashsmith.Disk.Partitions;

/// <summary>
/// The one rule set for partition layouts: sectors, alignment, bounds and overlap, with offsets in hex and
/// decimal. The table writers refuse the first problem; the recipe planner reports all of them, each at
/// the place in the recipe that caused it.
/// </summary>
public static class LayoutRules
{
    /// <summary>Every problem of <paramref name="partitions"/>; <paramref name="medium"/> names the disk in messages ("flash").</summary>
    public static IReadOnlyList<LayoutProblem> Find(IReadOnlyList<PartitionDefinition> partitions, LayoutBounds bounds, ByteSize alignment, string medium = "disk")
    {
        var problems = new List<LayoutProblem>();
        if (partitions.Count > bounds.MaxCount)
        {
            problems.Add(new(LayoutRule.Count, bounds.MaxCount, $"{bounds.TableName} holds at most {bounds.MaxCount} partitions; this layout has {partitions.Count}"));
        }

        (PartitionDefinition Partition, int Index)? previous = null;
        foreach (var (p, i) in partitions.Select((p, i) => (p, i)).OrderBy(x => x.p.Offset.Bytes).ThenBy(x => x.i))
        {
            if (alignment.Bytes > 1 && !p.Offset.IsMultipleOf(alignment))
            {
                problems.Add(new(LayoutRule.Alignment, i, $"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, not a multiple of the {alignment.ToIecString()} alignment"));
            }
            else if (!IsWholeSectors(p.Offset))
            {
                problems.Add(new(LayoutRule.Sectors, i, $"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, not a whole number of {Lba.SectorSize}-byte sectors"));
            }

            if (p.Size.Bytes <= 0 || !IsWholeSectors(p.Size))
            {
                problems.Add(new(LayoutRule.Size, i, $"partition '{p.Name}' has size {p.Size}; it must be a non-zero whole number of {Lba.SectorSize}-byte sectors"));
            }

            if (p.Offset < bounds.FirstUsable)
            {
                problems.Add(new(LayoutRule.BeforeFirstUsable, i, $"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, inside the partition table (the first usable byte is {bounds.FirstUsable.ToOffsetString()})"));
            }
            else if (previous is { } before && p.Offset < before.Partition.End)
            {
                problems.Add(new(LayoutRule.Overlap, i, $"partition '{p.Name}' starts at {p.Offset.ToOffsetString()}, inside partition '{before.Partition.Name}' which ends at {before.Partition.End.ToOffsetString()}"));
            }

            if (p.End > bounds.DiskSize)
            {
                problems.Add(new(LayoutRule.PastDiskEnd, i, $"partition '{p.Name}' ends at {p.End.ToOffsetString()}, past the end of the {bounds.DiskSize.ToIecString()} {medium}"));
            }
            else if (p.End > bounds.UsableEnd)
            {
                problems.Add(new(LayoutRule.PastUsableEnd, i, $"partition '{p.Name}' ends at {p.End.ToOffsetString()}, past the last usable byte; the backup GPT starts at {bounds.UsableEnd.ToOffsetString()}"));
            }

            if (previous is null || p.End > previous.Value.Partition.End)
            {
                previous = (p, i);
            }
        }

        return problems;
    }

    /// <summary>Refuses the first problem of <see cref="Find"/>.</summary>
    public static void Check(IReadOnlyList<PartitionDefinition> partitions, LayoutBounds bounds, ByteSize alignment)
    {
        if (Find(partitions, bounds, alignment) is [var first, ..])
        {
            throw new DiskFormatException(first.Message);
        }
    }

    private static bool IsWholeSectors(ByteSize size) => size.Bytes % Lba.SectorSize == 0;
}
