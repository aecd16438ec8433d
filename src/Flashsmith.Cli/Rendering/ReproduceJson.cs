using System.Text.Json.Nodes;
using Flashsmith.Reproducibility;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>reproduce --json</c>: the verdict, the outputs alike and those that differ, the causes and the kept workspaces.</summary>
public static class ReproduceJson
{
    public static string Write(ReproduceReport report, string? against)
    {
        var document = new JsonObject
        {
            ["reproducible"] = report.Reproducible,
            ["against"] = against,
            ["identical"] = new JsonArray(report.Identical.Select(o => (JsonNode?)new JsonObject { ["output"] = o.Output, ["sha256"] = o.Sha256 }).ToArray()),
            ["differences"] = new JsonArray(report.Differences.Select(d => (JsonNode?)new JsonObject
            {
                ["output"] = d.Output,
                ["firstOffset"] = d.FirstOffset,
                ["details"] = new JsonArray(d.Details.Select(x => (JsonNode?)x).ToArray()),
            }).ToArray()),
            ["causes"] = new JsonArray(report.Causes.Select(c => (JsonNode?)c).ToArray()),
            ["kept"] = new JsonArray(report.KeptFolders.Select(k => (JsonNode?)k).ToArray()),
        };
        return document.ToJsonString(JsonOutput.Options);
    }
}
