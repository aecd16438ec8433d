using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flashsmith.Reproducibility;

/// <summary>
/// Why two builds of a target differ, read from their provenance: the inputs whose digests differ and
/// the components they belong to, a different commit or tools, and the components whose compiled images
/// differ though their inputs do not. The statements are read, not trusted: this only explains.
/// </summary>
public static class ProvenanceDifference
{
    public static IReadOnlyList<string> Causes(string firstEnvelope, string secondEnvelope)
    {
        var first = Statement(firstEnvelope);
        var second = Statement(secondEnvelope);
        if (first is null || second is null)
        {
            return [$"the {(first is null ? "first" : "second")} provenance cannot be read, so the inputs cannot be compared"];
        }

        var causes = new List<string>();
        var inputsA = Inputs(first["predicate"]?["buildDefinition"]?["resolvedDependencies"]);
        var inputsB = Inputs(second["predicate"]?["buildDefinition"]?["resolvedDependencies"]);
        var changedComponents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in inputsA.Keys.Union(inputsB.Keys).Order(StringComparer.Ordinal))
        {
            var a = inputsA.GetValueOrDefault(name);
            var b = inputsB.GetValueOrDefault(name);
            if (a.Digest == b.Digest)
            {
                continue;
            }

            var components = (a.Components ?? b.Components ?? []).ToList();
            changedComponents.UnionWith(components);
            var owner = components.Count == 0 ? string.Empty : $" (component {string.Join(", ", components.Select(c => $"'{c}'"))})";
            causes.Add(a.Digest is null || b.Digest is null
                ? $"input {name}{owner} is in only the {(a.Digest is null ? "second" : "first")} build"
                : $"input {name}{owner} differs: {a.Digest} against {b.Digest}");
        }

        var toolsA = first["predicate"]?["runDetails"]?["builder"]?["version"]?.ToJsonString();
        var toolsB = second["predicate"]?["runDetails"]?["builder"]?["version"]?.ToJsonString();
        if (toolsA != toolsB)
        {
            causes.Add($"the tools differ: {toolsA} against {toolsB}");
        }

        var compiledA = Inputs(first["predicate"]?["runDetails"]?["byproducts"]);
        var compiledB = Inputs(second["predicate"]?["runDetails"]?["byproducts"]);
        foreach (var name in compiledA.Keys.Union(compiledB.Keys).Order(StringComparer.Ordinal))
        {
            var a = compiledA.GetValueOrDefault(name);
            var b = compiledB.GetValueOrDefault(name);
            var components = (a.Components ?? b.Components ?? []).ToList();
            if (a.Digest != b.Digest && !components.Any(changedComponents.Contains))
            {
                causes.Add($"component {string.Join(", ", components.Select(c => $"'{c}'"))}: its compiled objects differ between the two builds though its inputs are the same ({name}: {a.Digest} against {b.Digest})");
            }
        }

        return causes;
    }

    /// <summary>The statement an envelope carries, read without checking its signature; null when it cannot be read.</summary>
    internal static JsonNode? Statement(string envelope)
    {
        try
        {
            var line = envelope.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
            var payload = JsonNode.Parse(line)?["payload"]?.GetValue<string>();
            return payload is null ? null : JsonNode.Parse(Convert.FromBase64String(payload));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Dictionary<string, (string? Digest, IReadOnlyList<string>? Components)> Inputs(JsonNode? list)
    {
        var inputs = new Dictionary<string, (string?, IReadOnlyList<string>?)>(StringComparer.Ordinal);
        foreach (var item in list?.AsArray().OfType<JsonObject>() ?? [])
        {
            var name = item["name"]?.GetValue<string>() ?? string.Empty;
            var digest = item["digest"]?.ToJsonString();
            var components = item["annotations"]?["components"]?.AsArray().Select(c => c!.GetValue<string>()).ToList();
            inputs[name] = (digest, components);
        }

        return inputs;
    }
}
