using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>
/// Places the partitions of a layout: each starts where it says or right after the previous
/// one, aligned; checks that they fit the flash, leave the partition tables alone and do not overlap.
/// </summary>
public static class LayoutPlanner
{
    private const int SectorSize = Lba.SectorSize;

    public static PlannedLayout Plan(LayoutSpec layout, DiagnosticBag diagnostics)
    {
        var flash = layout.Flash.Value;
        var alignment = layout.Alignment.Value;
        var table = layout.Table.Value;
        var partitions = new List<PlannedPartition>();
        if (!IsWholeSectors(flash) || flash.Bytes < 1024 * 1024)
        {
            diagnostics.Add(DiagnosticCodes.FlashSize, layout.Flash.Position, $"'layout.flash' is {flash}; it must be at least 1 MiB and a whole number of {SectorSize}-byte sectors");
            return new PlannedLayout(flash, table, alignment, partitions);
        }

        if (!IsWholeSectors(alignment) || alignment.Bytes == 0)
        {
            diagnostics.Add(DiagnosticCodes.FlashSize, layout.Alignment.Position, $"'layout.alignment' is {alignment}; it must be a whole number of {SectorSize}-byte sectors");
            return new PlannedLayout(flash, table, alignment, partitions);
        }

        CheckCount(layout, diagnostics);
        var firstUsable = table == PartitionTableKind.Gpt ? GuidPartitionTable.FirstUsable : new ByteSize(MasterBootRecord.Size);
        var usableEnd = table == PartitionTableKind.Gpt ? flash - GuidPartitionTable.BackupSize : flash;
        var previousEnd = firstUsable;
        PlannedPartition? previous = null;
        for (var i = 0; i < layout.Partitions.Count; i++)
        {
            var spec = layout.Partitions[i];
            var name = spec.Name.Value;
            var start = spec.Offset?.Value ?? previousEnd.AlignUp(alignment);
            var at = spec.Offset?.Position ?? spec.Position;
            if (spec.Offset is { } offset)
            {
                if (!offset.Value.IsMultipleOf(alignment))
                {
                    diagnostics.Add(DiagnosticCodes.PartitionAlignment, at, $"partition '{name}' starts at {start.ToOffsetString()}, not a multiple of the {alignment.ToIecString()} alignment");
                }

                if (start < firstUsable)
                {
                    diagnostics.Add(DiagnosticCodes.PartitionOverlap, at, $"partition '{name}' starts at {start.ToOffsetString()}, inside the partition table (the first usable byte is {firstUsable.ToOffsetString()})");
                }
                else if (previous is not null && start < previous.End)
                {
                    diagnostics.Add(DiagnosticCodes.PartitionOverlap, at, $"partition '{name}' starts at {start.ToOffsetString()}, inside partition '{previous.Name}' which ends at {previous.End.ToOffsetString()}");
                }
            }

            ByteSize size;
            if (spec.Size.Value is { } fixedSize)
            {
                size = fixedSize;
                if (size.Bytes == 0 || !IsWholeSectors(size))
                {
                    diagnostics.Add(DiagnosticCodes.PartitionSize, spec.Size.Position, $"partition '{name}' has size {size}; it must be a non-zero whole number of {SectorSize}-byte sectors");
                }
            }
            else
            {
                if (i != layout.Partitions.Count - 1)
                {
                    diagnostics.Add(DiagnosticCodes.PartitionSize, spec.Size.Position, $"partition '{name}' has size 'rest', but only the last partition may");
                }

                size = usableEnd.AlignDown(alignment) - start;
                if (size.Bytes <= 0)
                {
                    diagnostics.Add(DiagnosticCodes.PartitionSize, spec.Size.Position, $"partition '{name}' has no room left: it would start at {start.ToOffsetString()}, and the last usable byte is at {(usableEnd - new ByteSize(1)).ToOffsetString()}");
                    size = ByteSize.Zero;
                }
            }

            var end = start + size;
            if (end > flash)
            {
                diagnostics.Add(DiagnosticCodes.PastFlashEnd, spec.Size.Position, $"partition '{name}' ends at {end.ToOffsetString()}, past the end of the {flash.ToIecString()} flash");
            }
            else if (end > usableEnd)
            {
                diagnostics.Add(DiagnosticCodes.PastFlashEnd, spec.Size.Position, $"partition '{name}' ends at {end.ToOffsetString()}, past the last usable byte; the backup GPT starts at {usableEnd.ToOffsetString()}");
            }

            var planned = new PlannedPartition(i + 1, name, spec.Type.Value, start, size, spec.FileSystem.Value, spec.Label.Value, spec.Contents.Value);
            CheckContents(spec, diagnostics);
            CheckFileSystem(spec, size, diagnostics);
            partitions.Add(planned);
            previous = planned;
            previousEnd = end;
        }

        CheckRoles(layout, diagnostics);
        return new PlannedLayout(flash, table, alignment, partitions);
    }

    private static bool IsWholeSectors(ByteSize size) => size.Bytes % SectorSize == 0;

    private static void CheckCount(LayoutSpec layout, DiagnosticBag diagnostics)
    {
        var limit = layout.Table.Value == PartitionTableKind.Mbr ? 4 : 128;
        if (layout.Partitions.Count > limit)
        {
            var table = layout.Table.Value == PartitionTableKind.Mbr ? "an MBR" : "a GPT";
            diagnostics.Add(DiagnosticCodes.PartitionCount, layout.Partitions[limit].Position, $"{table} holds at most {limit} partitions; this layout has {layout.Partitions.Count}");
        }

        if (layout.Table.Value == PartitionTableKind.Mbr && layout.Flash.Value.Bytes > (long)uint.MaxValue * SectorSize)
        {
            diagnostics.Add(DiagnosticCodes.FlashSize, layout.Flash.Position, $"an MBR can address at most 2 TiB; the flash is {layout.Flash.Value}; use 'table: gpt'");
        }
    }

    private static void CheckContents(PartitionSpec spec, DiagnosticBag diagnostics)
    {
        if (spec.Contents.Value != PartitionContents.Empty && spec.FileSystem.Value == FileSystemKind.None)
        {
            diagnostics.Add(DiagnosticCodes.PartitionContents, spec.FileSystem.Position, $"partition '{spec.Name.Value}' holds '{spec.Contents.Value.ToString().ToLowerInvariant()}' and needs a file system, not 'none'");
        }
    }

    /// <summary>Whether the partition's size can hold its FAT type, by the same rule that formats it.</summary>
    private static void CheckFileSystem(PartitionSpec spec, ByteSize size, DiagnosticBag diagnostics)
    {
        if (spec.FileSystem.Value == FileSystemKind.None || size.Bytes <= 0 || !IsWholeSectors(size))
        {
            return;
        }

        try
        {
            FatGeometry.Choose(Lba.FromOffset(size).Value, spec.FileSystem.Value.ForcedFatType(), spec.Name.Value);
        }
        catch (DiskFormatException ex)
        {
            var at = spec.FileSystem.Value == FileSystemKind.Fat ? spec.Size.Position : spec.FileSystem.Position;
            diagnostics.Add(DiagnosticCodes.FatTypeDoesNotFit, at, $"{ex.Message}; choose the FAT type its size calls for, or another size");
        }
    }

    private static void CheckRoles(LayoutSpec layout, DiagnosticBag diagnostics)
    {
        foreach (var role in new[] { PartitionContents.Core, PartitionContents.Bootbank, PartitionContents.Unit })
        {
            var holders = layout.Partitions.Where(p => p.Contents.Value == role).ToList();
            var word = role.ToString().ToLowerInvariant();
            if (holders.Count == 0 && role != PartitionContents.Unit)
            {
                var at = layout.Partitions.Count > 0 ? layout.Partitions[0].Position : layout.Flash.Position;
                diagnostics.Add(DiagnosticCodes.PartitionContents, at, $"the layout needs a partition with 'contents: {word}'");
            }

            foreach (var extra in holders.Skip(1))
            {
                diagnostics.Add(DiagnosticCodes.PartitionContents, extra.Contents.Position, $"partition '{extra.Name.Value}' has 'contents: {word}', but '{holders[0].Name.Value}' already has; only one may");
            }
        }
    }
}
