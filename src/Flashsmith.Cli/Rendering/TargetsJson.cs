using System.Text.Json.Nodes;
using Flashsmith.Planning;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>targets --json</c>: what a CI matrix needs of each target (its name, its recipe relative to the project, its image's file name).</summary>
public static class TargetsJson
{
    public static string Render(IEnumerable<BuildPlan> plans) =>
        new JsonArray(plans.Select(p => (JsonNode?)new JsonObject
        {
            ["name"] = p.Target,
            ["product"] = p.Product,
            ["version"] = p.Version.ToString(),
            ["flashBytes"] = p.Layout.FlashSize.Bytes,
            ["drivers"] = p.Components.Count(c => c.Kind == ComponentKind.Driver),
            ["recipe"] = Path.GetRelativePath(p.ProjectRoot, p.RecipeFile),
            ["image"] = p.ImageFileName,
        }).ToArray()).ToJsonString(JsonOutput.Options);
}
