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

    private static int Rank(string key) => key.Split('\0')[0] switch { "image" => 0, "group" => 1, _ => 2 };
}
