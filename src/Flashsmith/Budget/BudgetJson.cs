using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Diagnostics;

namespace Flashsmith.Budget;

/// <summary>budget.json: the report as data, written with every build and read back as a baseline.</summary>
public static class BudgetJson
{
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

    /// <summary>Reads a budget.json back; a file that is not one is bad input.</summary>
    /// <summary>Reads the budget.json at <paramref name="path"/>; <paramref name="missing"/> is the error when there is none.</summary>
    public static BudgetReport ReadFile(string path, string missing) =>
        File.Exists(path) ? Read(File.ReadAllText(path), path) : throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.BudgetFile, missing);

    public static BudgetReport Read(string text, string source)
    {
        try
        {
            var root = JsonNode.Parse(text)!.AsObject();
            var lines = root["lines"]!.AsArray().Select(l => new BudgetLine(
                (string)l!["kind"]!,
                (string)l["name"]!,
                (long)l["usedBytes"]!,
                (long?)l["limitBytes"],
                Enum.Parse<BudgetVerdict>((string)l["verdict"]!, ignoreCase: true))).ToList();
            var partitions = root["partitions"]!.AsArray().Select(p => new PartitionUsage(
                (string)p!["name"]!,
                (long)p["sizeBytes"]!,
                (long)p["overheadBytes"]!,
                p["groups"]!.AsObject().ToDictionary(g => g.Key, g => (long)g.Value!),
                (long)p["otherBytes"]!,
                (long)p["freeBytes"]!)).ToList();
            return new BudgetReport((string)root["target"]!, (int)root["warnPercent"]!, lines, partitions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.BudgetFile, $"{source} is not a flashsmith budget.json ({ex.Message})");
        }
    }

    private static string Lower(BudgetVerdict verdict) => verdict.ToString().ToLowerInvariant();
}
