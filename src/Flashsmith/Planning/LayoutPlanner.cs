using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>
/// Places the partitions of a layout: each starts where it says or right after the previous one,
/// aligned. Whether they fit the flash, leave the partition tables alone and do not overlap is
/// decided by <see cref="LayoutRules"/>, the rule set the table writers use; the planner attaches
/// the recipe position to each problem.
/// </summary>
public static class LayoutPlanner
{
    public static PlannedLayout Plan(LayoutSpec layout, DiagnosticBag diagnostics)
    {
        var flash = layout.Flash.Value;
        var alignment = layout.Alignment.Value;
        var table = layout.Table.Value;
        var partitions = new List<PlannedPartition>();
        if (!IsWholeSectors(flash) || flash.Bytes < 1024 * 1024)
        {
            diagnostics.Add(DiagnosticCodes.FlashSize, layout.Flash.Position, $"'layout.flash' is {flash}; it must be at least 1 MiB and a whole number of {Lba.SectorSize}-byte sectors");
            return new PlannedLayout(flash, table, alignment, partitions);
        }

        if (!IsWholeSectors(alignment) || alignment.Bytes == 0)
        {
            diagnostics.Add(DiagnosticCodes.FlashSize, layout.Alignment.Position, $"'layout.alignment' is {alignment}; it must be a whole number of {Lba.SectorSize}-byte sectors");
            return new PlannedLayout(flash, table, alignment, partitions);
        }

        CheckMbrReach(layout, diagnostics);
        var bounds = LayoutBounds.For(layout.Table.Value == PartitionTableKind.Gpt ? PartitionStyle.Gpt : PartitionStyle.Mbr, flash);
        var previousEnd = bounds.FirstUsable;
        var roomless = new HashSet<int>();
        for (var i = 0; i < layout.Partitions.Count; i++)
        {
            var spec = layout.Partitions[i];
            var name = spec.Name.Value;
            var start = spec.Offset?.Value ?? previousEnd.AlignUp(alignment);
            ByteSize size;
            if (spec.Size.Value is { } fixedSize)
            {
                size = fixedSize;
            }
            else
            {
                if (i != layout.Partitions.Count - 1)
                {
                    diagnostics.Add(DiagnosticCodes.PartitionSize, spec.Size.Position, $"partition '{name}' has size 'rest', but only the last partition may");
                }

                size = bounds.UsableEnd.AlignDown(alignment) - start;
                if (size.Bytes <= 0)
                {
                    diagnostics.Add(DiagnosticCodes.PartitionSize, spec.Size.Position, $"partition '{name}' has no room left: it would start at {start.ToOffsetString()}, and the last usable byte is at {(bounds.UsableEnd - new ByteSize(1)).ToOffsetString()}");
                    size = ByteSize.Zero;
                    roomless.Add(i);
                }
            }

            partitions.Add(new PlannedPartition(i + 1, name, spec.Type.Value, start, size, spec.FileSystem.Value, spec.Label.Value, spec.Contents.Value));
            CheckContents(spec, diagnostics);
            CheckFileSystem(spec, size, diagnostics);
            previousEnd = start + size;
        }

        var definitions = partitions.Select(p => new PartitionDefinition(p.Name, p.Offset, p.Size, p.Type.GptType, p.Type.MbrType)).ToList();
        foreach (var problem in LayoutRules.Find(definitions, bounds, alignment, "flash").Where(p => !(p.Rule == LayoutRule.Size && roomless.Contains(p.Index))))
        {
            var spec = layout.Partitions[problem.Index];
            var (code, at) = problem.Rule switch
            {
                LayoutRule.Count => (DiagnosticCodes.PartitionCount, spec.Position),
                LayoutRule.Size => (DiagnosticCodes.PartitionSize, spec.Size.Position),
                LayoutRule.PastDiskEnd or LayoutRule.PastUsableEnd => (DiagnosticCodes.PastFlashEnd, spec.Size.Position),
                LayoutRule.Sectors or LayoutRule.Alignment => (DiagnosticCodes.PartitionAlignment, spec.Offset?.Position ?? spec.Position),
                _ => (DiagnosticCodes.PartitionOverlap, spec.Offset?.Position ?? spec.Position),
            };
            diagnostics.Add(code, at, problem.Message);
        }

        CheckRoles(layout, diagnostics);
        return new PlannedLayout(flash, table, alignment, partitions);
    }

    private static bool IsWholeSectors(ByteSize size) => size.Bytes % Lba.SectorSize == 0;

    private static void CheckMbrReach(LayoutSpec layout, DiagnosticBag diagnostics)
    {
        if (layout.Table.Value == PartitionTableKind.Mbr && layout.Flash.Value.Bytes > (long)uint.MaxValue * Lba.SectorSize)
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
