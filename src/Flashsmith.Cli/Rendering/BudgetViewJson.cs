using System.Text.Json.Nodes;
using Flashsmith.Budget;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// <c>budget --json</c>: one entry per target, either its budget as budget.json holds it or, with
/// <c>--against</c>, its growth over the earlier build.
/// </summary>
public static class BudgetViewJson
{
    public static string Write(IEnumerable<BudgetReport> reports) =>
        new JsonArray(reports.Select(r => (JsonNode?)BudgetJson.ToJson(r)).ToArray()).ToJsonString(JsonOutput.Options);

    public static string Write(IEnumerable<TargetGrowth> growths) =>
        new JsonArray(growths.Select(g => (JsonNode?)new JsonObject
        {
            ["target"] = g.Target,
            ["growthLimitPercent"] = g.LimitPercent,
            ["lines"] = new JsonArray(g.Lines.Select(l => (JsonNode?)new JsonObject
            {
                ["kind"] = l.Kind,
                ["name"] = l.Name,
                ["previousBytes"] = l.PreviousBytes,
                ["currentBytes"] = l.CurrentBytes,
                ["deltaBytes"] = l.DeltaBytes,
                ["overLimit"] = l.OverLimit,
            }).ToArray()),
        }).ToArray()).ToJsonString(JsonOutput.Options);

    /// <summary>One target's growth lines and the limit its recipe sets (null: none).</summary>
    public sealed record TargetGrowth(string Target, int? LimitPercent, IReadOnlyList<GrowthLine> Lines);
}
