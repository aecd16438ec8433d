using System.Globalization;
using System.Net;
using System.Text;
using Flashsmith.Disk;

namespace Flashsmith.Budget;

/// <summary>
/// budget.html: one self-contained page (no network) with, per target, a stacked bar per partition
/// (each group, other files, file-system overhead, free) with its warning and limit lines, and the
/// table behind it. Every number on the page comes from the same reports as budget.json, which the
/// page also carries in a script element.
/// </summary>
public static class BudgetHtml
{
    private static readonly string[] Palette = ["#3b6fb6", "#e39b2d", "#5aa05a", "#9a5ab0", "#2aa6a6", "#c75a5a"];

    public static string Write(IReadOnlyList<BudgetReport> reports)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Flashsmith size budgets</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
            h1{font-size:20px} h2{font-size:17px;margin-top:28px}
            .bar{position:relative;display:flex;height:26px;width:720px;border:1px solid #888;margin:4px 0 2px}
            .seg{height:100%} .free{background:#eee} .overhead{background:#888} .other{background:#bbb}
            .mark{position:absolute;top:-4px;bottom:-4px;width:2px}
            .warn{background:#e0a000} .limit{background:#d00}
            .legend span{display:inline-block;margin-right:12px} .sw{display:inline-block;width:10px;height:10px;margin-right:4px}
            table{border-collapse:collapse;margin-top:8px} td,th{border:1px solid #ccc;padding:2px 8px;text-align:right} td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
            .v-over{color:#d00;font-weight:bold} .v-warning{color:#b07000}
            </style></head><body>
            <h1>Size budgets</h1>

            """);
        var groups = reports.SelectMany(r => r.Partitions).SelectMany(p => p.Groups.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<p class=\"legend\">");
        for (var i = 0; i < groups.Count; i++)
        {
            html.Append(c, $"<span><i class=\"sw\" style=\"background:{Palette[i % Palette.Length]}\"></i>{Escape(groups[i])}</span>");
        }

        html.Append("<span><i class=\"sw other\"></i>other files</span><span><i class=\"sw overhead\"></i>file-system overhead</span><span><i class=\"sw free\"></i>free</span><span><i class=\"sw warn\"></i>warning</span><span><i class=\"sw limit\"></i>limit</span></p>\n");
        foreach (var report in reports)
        {
            html.Append(c, $"<section class=\"target\" data-target=\"{Escape(report.Target)}\" data-verdict=\"{Lower(report.Verdict)}\">\n<h2>{Escape(report.Target)}: <span class=\"v-{Lower(report.Verdict)}\">{Lower(report.Verdict)}</span></h2>\n");
            foreach (var partition in report.Partitions)
            {
                var limit = report.Lines.FirstOrDefault(l => l.Kind == "partition" && l.Name == partition.Name)?.LimitBytes;
                html.Append(c, $"<div>{Escape(partition.Name)}: {new ByteSize(partition.SizeBytes - partition.FreeBytes).ToApproximateString()} used of {new ByteSize(partition.SizeBytes).ToApproximateString()}</div>\n");
                html.Append(c, $"<div class=\"bar\" data-partition=\"{Escape(partition.Name)}\" data-size=\"{partition.SizeBytes}\">");
                foreach (var (group, bytes) in partition.Groups)
                {
                    Segment(html, "group", group, bytes, partition.SizeBytes, Palette[groups.IndexOf(group) % Palette.Length]);
                }

                Segment(html, "other", "other", partition.OtherBytes, partition.SizeBytes, null);
                Segment(html, "overhead", "overhead", partition.OverheadBytes, partition.SizeBytes, null);
                Segment(html, "free", "free", partition.FreeBytes, partition.SizeBytes, null);
                if (limit is { } l)
                {
                    Mark(html, "warn", l * report.WarnPercent / 100, partition.SizeBytes);
                    Mark(html, "limit", l, partition.SizeBytes);
                }

                html.Append("</div>\n");
            }

            html.Append("<table><tr><th>kind</th><th>name</th><th>used (bytes)</th><th>limit (bytes)</th><th>used</th><th>verdict</th></tr>\n");
            foreach (var line in report.Lines)
            {
                html.Append(c, $"<tr class=\"line\" data-kind=\"{line.Kind}\" data-name=\"{Escape(line.Name)}\" data-used=\"{line.UsedBytes}\"><td>{line.Kind}</td><td>{Escape(line.Name)}</td><td>{line.UsedBytes}</td><td>{(line.LimitBytes?.ToString(c) ?? "-")}</td><td>{(line.Percent is { } p ? p.ToString("0.0", c) + "%" : "-")}</td><td class=\"v-{Lower(line.Verdict)}\">{Lower(line.Verdict)}</td></tr>\n");
            }

            html.Append("</table>\n</section>\n");
        }

        var json = new System.Text.Json.Nodes.JsonArray(reports.Select(r => (System.Text.Json.Nodes.JsonNode?)BudgetJson.ToJson(r)).ToArray()).ToJsonString();
        html.Append(c, $"<script type=\"application/json\" id=\"budget-data\">{json.Replace("</", "<\\/", StringComparison.Ordinal)}</script>\n");

        // Records each bar's drawn width, so that a check in a browser can compare what is drawn with the numbers.
        html.Append("<script>for (const e of document.querySelectorAll('.bar, .seg')) e.dataset.drawnWidth = e.getBoundingClientRect().width.toFixed(2);</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void Segment(StringBuilder html, string kind, string name, long bytes, long size, string? colour)
    {
        var width = (bytes * 100.0 / size).ToString("0.####", CultureInfo.InvariantCulture);
        var style = colour is null ? $"width:{width}%" : $"width:{width}%;background:{colour}";
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"seg {kind}\" data-name=\"{Escape(name)}\" data-bytes=\"{bytes}\" style=\"{style}\" title=\"{Escape(name)}: {bytes} bytes\"></div>");
    }

    private static void Mark(StringBuilder html, string kind, long bytes, long size)
    {
        var left = Math.Min(100, bytes * 100.0 / size).ToString("0.####", CultureInfo.InvariantCulture);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"mark {kind}\" data-bytes=\"{bytes}\" style=\"left:{left}%\" title=\"{kind} at {bytes} bytes\"></div>");
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Lower(BudgetVerdict verdict) => verdict.ToString().ToLowerInvariant();
}
