using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Signing;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>verify --json</c>: what was checked against which certificate, each check's verdict, and a key's unit record.</summary>
public static class VerifyJson
{
    public static string Render(string target, bool isKey, string certificate, IReadOnlyList<VerificationCheck> checks, string? unit)
    {
        var document = new JsonObject
        {
            [isKey ? "key" : "image"] = target,
            ["certificate"] = certificate,
            ["passed"] = checks.All(c => c.Passed),
            ["checks"] = new JsonArray(checks.Select(c => (JsonNode?)new JsonObject { ["check"] = c.Subject, ["passed"] = c.Passed, ["problem"] = c.Problem }).ToArray()),
        };
        if (isKey)
        {
            document["unit"] = UnitNode(unit);
        }

        return document.ToJsonString(JsonOutput.Options);
    }

    /// <summary>The unit record as JSON when it parses, else as the text it holds, so a damaged record is still shown.</summary>
    private static JsonNode? UnitNode(string? unit)
    {
        if (unit is null)
        {
            return null;
        }

        try
        {
            return Reproducibility.UntrustedJson.Parse(unit);
        }
        catch (JsonException)
        {
            return JsonValue.Create(unit);
        }
    }
}
