using System.Globalization;
using System.Text;
using Flashsmith.Disk;

namespace Flashsmith.Budget;

/// <summary>budget.md: the budgets of a build as Markdown, ready for a CI job summary.</summary>
public static class BudgetMarkdown
{
    public static string Write(IReadOnlyList<BudgetReport> reports)
    {
        var text = new StringBuilder("# Size budgets\n\n| target | verdict | image | over or near a limit |\n|---|---|---|---|\n");
        foreach (var report in reports)
        {
            var image = report.Lines.First(l => l.Kind == "image");
            var flagged = report.Flagged.Select(l => $"{l.Kind} {l.Name} {Percent(l)}").ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {report.Target} | {Verdict(report.Verdict)} | {new ByteSize(image.UsedBytes).ToApproximateString()} | {(flagged.Count == 0 ? "-" : string.Join(", ", flagged))} |\n");
        }

        foreach (var report in reports)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {report.Target}\n\nwarning at {report.WarnPercent}% of a limit\n\n| kind | name | used (bytes) | limit (bytes) | used | verdict |\n|---|---|---:|---:|---:|---|\n");
            foreach (var line in report.Lines)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {line.Kind} | {line.Name} | {line.UsedBytes} | {(line.LimitBytes?.ToString(CultureInfo.InvariantCulture) ?? "-")} | {Percent(line)} | {Verdict(line.Verdict)} |\n");
            }
        }

        return text.ToString();
    }

    private static string Percent(BudgetLine line) => line.Percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Verdict(BudgetVerdict verdict) => verdict switch
    {
        BudgetVerdict.Over => "**over**",
        BudgetVerdict.Warning => "warning",
        _ => "ok",
    };
}
