using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Budget;

/// <summary>
/// Measures what the flash really holds (allocated clusters and file-system overhead, not file
/// sizes) against the target's limits: the whole image, each partition, each group, each component.
/// </summary>
public static class BudgetChecker
{
    public static BudgetReport Check(BuildPlan plan, IReadOnlyDictionary<string, FatVolumeLayout> volumes)
    {
        var budget = plan.Budget;
        var componentBytes = new Dictionary<string, long>(StringComparer.Ordinal);
        var partitions = new List<PartitionUsage>();
        long imageBytes = plan.Layout.Table == PartitionTableKind.Gpt ? (GuidPartitionTable.FirstUsable + GuidPartitionTable.BackupSize).Bytes : MasterBootRecord.Size;
        foreach (var partition in plan.Layout.Partitions)
        {
            if (!volumes.TryGetValue(partition.Name, out var volume))
            {
                continue;
            }

            var groups = new SortedDictionary<string, long>(StringComparer.Ordinal);
            long components = 0;
            foreach (var component in plan.Components.Where(c => c.Partition == partition.Name))
            {
                var allocated = component.Paths.Sum(path => volume.Placements.Single(p => p.Path == path).AllocatedBytes);
                var group = component.Group;
                componentBytes[component.Name] = allocated;
                groups[group] = groups.GetValueOrDefault(group) + allocated;
                components += allocated;
            }

            var overhead = volume.Geometry.OverheadBytes;
            partitions.Add(new PartitionUsage(partition.Name, partition.Size.Bytes, overhead, groups, volume.UsedBytes - components, volume.FreeBytes));
            imageBytes += overhead + volume.UsedBytes;
        }

        var lines = new List<BudgetLine> { Line("image", plan.ImageFileName, imageBytes, budget.Image?.Bytes, budget.WarnPercent) };
        lines.AddRange(partitions.Select(p => Line("partition", p.Name, p.SizeBytes - p.FreeBytes, Limit(budget.Partitions, p.Name), budget.WarnPercent)));
        foreach (var group in plan.Components.Select(c => c.Group).Distinct().Order(StringComparer.Ordinal))
        {
            var used = plan.Components.Where(c => c.Group == group).Sum(c => componentBytes.GetValueOrDefault(c.Name));
            lines.Add(Line("group", group, used, Limit(budget.Groups, group), budget.WarnPercent));
        }

        lines.AddRange(plan.Components.Select(c => Line("component", c.Name, componentBytes.GetValueOrDefault(c.Name), Limit(budget.Components, c.Name), budget.WarnPercent)));
        return new BudgetReport(plan.Target, budget.WarnPercent, lines, partitions);
    }

    /// <summary>Throws when any line is over its limit, naming each with the bytes over.</summary>
    public static void ThrowIfOver(BudgetReport report)
    {
        var over = report.Lines.Where(l => l.Verdict == BudgetVerdict.Over).ToList();
        if (over.Count > 0)
        {
            throw new BudgetExceededException(report, over.Select(Describe).ToList());
        }
    }

    public static string Describe(BudgetLine line) =>
        $"{line.Kind} '{line.Name}' uses {new ByteSize(line.UsedBytes)}, {new ByteSize(line.UsedBytes - line.LimitBytes!.Value)} over its {new ByteSize(line.LimitBytes.Value).ToIecString()} limit";

    private static long? Limit(IReadOnlyDictionary<string, ByteSize> limits, string name) =>
        limits.TryGetValue(name, out var limit) ? limit.Bytes : null;

    private static BudgetLine Line(string kind, string name, long used, long? limit, int warnPercent)
    {
        var verdict = limit switch
        {
            null => BudgetVerdict.Ok,
            _ when used > limit => BudgetVerdict.Over,
            _ when used * 100 >= limit * warnPercent => BudgetVerdict.Warning,
            _ => BudgetVerdict.Ok,
        };
        return new BudgetLine(kind, name, used, limit, verdict);
    }
}
