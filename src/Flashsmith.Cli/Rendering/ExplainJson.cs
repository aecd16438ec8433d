using System.Text.Json.Nodes;
using Flashsmith.Diagnostics;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>explain CODE --json</c>: one diagnostic code's entry.</summary>
public static class ExplainJson
{
    public static string Render(DiagnosticCode code) =>
        new JsonObject
        {
            ["code"] = code.Id,
            ["title"] = code.Title,
            ["area"] = DiagnosticsMarkdown.AreaName(code.Area),
            ["meaning"] = code.Meaning,
            ["example"] = code.Example,
            ["fix"] = code.Fix,
        }.ToJsonString(JsonOutput.Options) + "\n";
}
