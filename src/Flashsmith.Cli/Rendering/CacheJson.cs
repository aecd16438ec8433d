using System.Text.Json.Nodes;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>cache stats --json</c> and <c>cache clear --json</c>: which cache, and what it holds or what was deleted.</summary>
public static class CacheJson
{
    public static string Stats(string where, bool remote, IReadOnlyList<(string Part, long Entries, long Bytes)> parts) =>
        new JsonObject
        {
            ["cache"] = where,
            ["remote"] = remote,
            ["entries"] = parts.Sum(p => p.Entries),
            ["bytes"] = parts.Sum(p => p.Bytes),
            ["parts"] = new JsonArray(parts.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Part, ["entries"] = p.Entries, ["bytes"] = p.Bytes }).ToArray()),
        }.ToJsonString(JsonOutput.Options);

    public static string Cleared(string where, bool remote, long deleted) =>
        new JsonObject { ["cache"] = where, ["remote"] = remote, ["deleted"] = deleted }.ToJsonString(JsonOutput.Options);
}
