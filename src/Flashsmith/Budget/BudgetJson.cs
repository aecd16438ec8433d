using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Diagnostics;

namespace Flashsmith.Budget;

/// <summary>budget.json: the report as data, written with every build and read back as a baseline.</summary>
public static class BudgetJson
{
    /// <summary>The file each target's budget is written to, beside its image.</summary>
    public const string FileName = "budget.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToJson(BudgetReport report) => new()
    {
        ["format"] = "flashsmith-budget/1",
        ["target"] = report.Target,
        ["warnPercent"] = report.WarnPercent,
        ["verdict"] = Lower(report.Verdict),
        ["lines"] = new JsonArray(report.Lines.Select(l => (JsonNode?)new JsonObject
        {
            ["kind"] = l.Kind,
            ["name"] = l.Name,
            ["usedBytes"] = l.UsedBytes,
            ["limitBytes"] = l.LimitBytes,
            ["percent"] = l.Percent is { } p ? Math.Round(p, 1) : null,
            ["verdict"] = Lower(l.Verdict),
        }).ToArray()),
        ["partitions"] = new JsonArray(report.Partitions.Select(p =>
        {
            var groups = new JsonObject();
            foreach (var (group, bytes) in p.Groups)
            {
                groups[group] = bytes;
            }

            return (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["sizeBytes"] = p.SizeBytes,
                ["overheadBytes"] = p.OverheadBytes,
                ["groups"] = groups,
                ["otherBytes"] = p.OtherBytes,
                ["freeBytes"] = p.FreeBytes,
            };
        }).ToArray()),
    };

    public static string Write(BudgetReport report) => ToJson(report).ToJsonString(Options) + "\n";

    /// <summary>Reads the budget.json at <paramref name="path"/>; <paramref name="missing"/> is the error when there is none.</summary>
    public static BudgetReport ReadFile(string path, string missing) =>
        File.Exists(path) ? Read(File.ReadAllBytes(path), path) : throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.BudgetFile, missing);

    /// <summary>Reads a budget.json back from its UTF-8 bytes; a file that is not one is bad input.</summary>
    public static BudgetReport Read(ReadOnlyMemory<byte> utf8, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.Span.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8);
            var root = document.RootElement;
            var lines = root.GetProperty("lines").EnumerateArray().Select(l => new BudgetLine(
                l.GetProperty("kind").GetString()!,
                l.GetProperty("name").GetString()!,
                l.GetProperty("usedBytes").GetInt64(),
                l.TryGetProperty("limitBytes", out var limit) && limit.ValueKind == JsonValueKind.Number ? limit.GetInt64() : null,
                Verdict(l.GetProperty("verdict").GetString()!))).ToList();
            var partitions = root.GetProperty("partitions").EnumerateArray().Select(p => new PartitionUsage(
                p.GetProperty("name").GetString()!,
                p.GetProperty("sizeBytes").GetInt64(),
                p.GetProperty("overheadBytes").GetInt64(),
                p.GetProperty("groups").EnumerateObject().ToDictionary(g => g.Name, g => g.Value.GetInt64()),
                p.GetProperty("otherBytes").GetInt64(),
                p.GetProperty("freeBytes").GetInt64())).ToList();
            return new BudgetReport(root.GetProperty("target").GetString()!, root.GetProperty("warnPercent").GetInt32(), lines, partitions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or NullReferenceException or ArgumentException or FormatException)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.BudgetFile, $"{source} is not a flashsmith budget.json ({ex.Message})");
        }
    }

    /// <summary>A verdict as budget.json writes it.</summary>
    internal static string Lower(BudgetVerdict verdict) => verdict switch
    {
        BudgetVerdict.Ok => "ok",
        BudgetVerdict.Warning => "warning",
        _ => "over",
    };

    /// <summary>A verdict as budget.json writes it, read back; any other word is not one.</summary>
    internal static BudgetVerdict Verdict(string word) => word.ToLowerInvariant() switch
    {
        "ok" => BudgetVerdict.Ok,
        "warning" => BudgetVerdict.Warning,
        "over" => BudgetVerdict.Over,
        _ => throw new FormatException($"'{word}' is not a verdict (ok, warning or over)"),
    };
}
