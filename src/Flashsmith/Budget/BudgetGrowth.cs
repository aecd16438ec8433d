using System.Globalization;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Budget;

/// <summary>Compares a budget with an earlier one: per image, group and component, and against the growth the recipe allows.</summary>
public static class BudgetGrowth
{
    public static IReadOnlyList<GrowthLine> Compare(BudgetReport current, BudgetReport baseline, int? limitPercent)
    {
        static string Key(BudgetLine l) => $"{l.Kind}\0{(l.Kind == "image" ? string.Empty : l.Name)}";
        var before = baseline.Lines.Where(l => l.Kind != "partition").ToDictionary(Key, StringComparer.Ordinal);
        var after = current.Lines.Where(l => l.Kind != "partition").ToDictionary(Key, StringComparer.Ordinal);
        var lines = new List<GrowthLine>();
        foreach (var key in after.Keys.Concat(before.Keys).Distinct().OrderBy(k => Rank(k), Comparer<int>.Default).ThenBy(k => k, StringComparer.Ordinal))
        {
            var now = after.GetValueOrDefault(key);
            var then = before.GetValueOrDefault(key);
            var line = new GrowthLine((now ?? then)!.Kind, (now ?? then)!.Name, then?.UsedBytes, now?.UsedBytes, false);
            var over = limitPercent is { } limit && line.Percent is { } percent && percent > limit;
            lines.Add(line with { OverLimit = over });
        }

        return lines;
    }

    /// <summary>
    /// Compares <paramref name="current"/> with its baseline at <paramref name="against"/>: a budget.json, or an
    /// output folder that holds TARGET/budget.json.
    /// </summary>
    public static IReadOnlyList<GrowthLine> Against(BudgetReport current, string against, int? limitPercent)
    {
        var path = Directory.Exists(against) ? Path.Combine(against, current.Target, BudgetJson.FileName) : against;
        var baseline = BudgetJson.ReadFile(path, $"{path} does not exist");
        if (baseline.Target != current.Target)
        {
            throw new BadInputException(DiagnosticCodes.BudgetFile, $"{path} is the budget of '{baseline.Target}', not of '{current.Target}'");
        }

        return Compare(current, baseline, limitPercent);
    }

    /// <summary>What a line that grew more than <paramref name="limitPercent"/> allows says about target <paramref name="target"/>.</summary>
    public static string Describe(string target, GrowthLine line, int? limitPercent) =>
        $"{target}: {line.Kind} '{line.Name}' grew by {new ByteSize(line.DeltaBytes)} ({line.Percent!.Value.ToString("0.0", CultureInfo.InvariantCulture)}%), more than the {limitPercent}% the recipe allows";

    private static int Rank(string key) => key.Split('\0')[0] switch { "image" => 0, "group" => 1, _ => 2 };
}
