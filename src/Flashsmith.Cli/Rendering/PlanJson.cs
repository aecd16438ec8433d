using System.Text.Json.Nodes;
using Flashsmith.Disk;
using Flashsmith.Planning;

namespace Flashsmith.Cli.Rendering;

/// <summary>The build plan as JSON, for scripts: sizes and offsets in bytes.</summary>
public static class PlanJson
{
    public static string Write(BuildPlan plan)
    {
        var document = new JsonObject
        {
            ["target"] = plan.Target,
            ["recipe"] = plan.RecipeFile,
            ["recipeChain"] = Strings(plan.RecipeChain),
            ["product"] = plan.Product,
            ["version"] = plan.Version.ToString(),
            ["banner"] = plan.Banner,
            ["image"] = plan.ImageFileName,
            ["epoch"] = new JsonObject
            {
                ["seconds"] = plan.Epoch.Seconds,
                ["utc"] = plan.Epoch.Time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["source"] = plan.Epoch.Source,
            },
            ["minAcceptance"] = Lower(plan.MinAcceptance),
            ["components"] = new JsonArray(plan.Components.Select(Component).ToArray()),
            ["layout"] = new JsonObject
            {
                ["flashBytes"] = plan.Layout.FlashSize.Bytes,
                ["table"] = Lower(plan.Layout.Table),
                ["alignmentBytes"] = plan.Layout.Alignment.Bytes,
                ["partitions"] = new JsonArray(plan.Layout.Partitions.Select(Partition).ToArray()),
            },
            ["budget"] = new JsonObject
            {
                ["warnPercent"] = plan.Budget.WarnPercent,
                ["imageBytes"] = plan.Budget.Image?.Bytes,
                ["partitions"] = Sizes(plan.Budget.Partitions),
                ["groups"] = Sizes(plan.Budget.Groups),
                ["components"] = Sizes(plan.Budget.Components),
            },
            ["signing"] = new JsonObject
            {
                ["key"] = Lower(plan.Signing.Key.Source),
                ["location"] = plan.Signing.Key.Location,
                ["certificate"] = plan.Signing.Certificate,
            },
        };
        return document.ToJsonString(JsonOutput.Options);
    }

    private static JsonNode Component(PlannedComponent c) => new JsonObject
    {
        ["name"] = c.Name,
        ["kind"] = Lower(c.Kind),
        ["version"] = c.Version.ToString(),
        ["group"] = c.Group,
        ["acceptance"] = Lower(c.Acceptance),
        ["vendor"] = c.Vendor,
        ["summary"] = c.Summary,
        ["pci"] = Strings(c.PciIds.Select(p => p.ToString())),
        ["depends"] = Strings(c.Depends.Select(d => d.ToString())),
        ["conflicts"] = Strings(c.Conflicts.Select(d => d.ToString())),
        ["sources"] = c.SourceFolder,
        ["prebuilt"] = c.PrebuiltFile,
        ["sha256"] = c.Sha256,
        ["partition"] = c.Partition,
        ["path"] = c.PathInPartition,
        ["reason"] = c.Reason,
    };

    private static JsonNode Partition(PlannedPartition p) => new JsonObject
    {
        ["index"] = p.Index,
        ["name"] = p.Name,
        ["type"] = p.Type.Name,
        ["typeGuid"] = p.Type.GptType.ToString(),
        ["offsetBytes"] = p.Offset.Bytes,
        ["sizeBytes"] = p.Size.Bytes,
        ["filesystem"] = Lower(p.FileSystem),
        ["label"] = p.Label,
        ["contents"] = Lower(p.Contents),
    };

    private static JsonObject Sizes(IReadOnlyDictionary<string, ByteSize> sizes)
    {
        var result = new JsonObject();
        foreach (var (name, size) in sizes.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            result[name] = size.Bytes;
        }

        return result;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
