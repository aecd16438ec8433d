using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flashsmith.Recipes.Schema;

/// <summary>Writes <see cref="RecipeSchema"/> as a JSON Schema (draft-07) for editors with a YAML language server.</summary>
public static class RecipeJsonSchema
{
    public static string Generate()
    {
        var root = Section(RecipeSchema.Root);
        var document = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Flashsmith recipe",
        };
        foreach (var (key, value) in root)
        {
            document[key] = value?.DeepClone();
        }

        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Section(KeySpec spec, bool isItem = false)
    {
        var properties = new JsonObject();
        foreach (var key in spec.Keys)
        {
            properties[key.Name] = Value(key);
        }

        var section = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        // A target file may leave any key to its base, so only list items that have names must name themselves.
        if (isItem && spec.Find("name") is not null)
        {
            section["required"] = new JsonArray("name");
        }

        return section;
    }

    private static JsonObject Value(KeySpec key)
    {
        var node = key.Kind switch
        {
            ValueKind.Section => Section(key),
            ValueKind.SectionList => new JsonObject { ["type"] = "array", ["items"] = Section(key, isItem: true) },
            ValueKind.List => new JsonObject { ["type"] = "array", ["items"] = Scalar(key, key.ItemKind) },
            ValueKind.NameMap => new JsonObject { ["type"] = "object", ["additionalProperties"] = Scalar(key, key.ItemKind) },
            ValueKind.DriverSet => new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "array", ["items"] = Section(RecipeSchema.Driver, isItem: true) },
                    Section(key)),
            },
            _ => Scalar(key, key.Kind),
        };
        node["description"] = key.Summary;
        if (key.Default is not null)
        {
            node["x-default"] = key.Default;
        }

        return node;
    }

    private static JsonObject Scalar(KeySpec key, ValueKind kind) => kind switch
    {
        ValueKind.Choice => new JsonObject { ["enum"] = new JsonArray(key.Choices.Words.Select(c => (JsonNode?)c).ToArray()) },
        ValueKind.Integer => new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
        ValueKind.Timestamp => new JsonObject { ["type"] = new JsonArray("integer", "string") },
        ValueKind.Size => new JsonObject { ["type"] = new JsonArray("integer", "string"), ["pattern"] = SizePattern },
        ValueKind.SizeOrRest => new JsonObject { ["type"] = new JsonArray("integer", "string"), ["pattern"] = $"^(rest|{SizePattern[1..^1]})$" },
        ValueKind.Version => new JsonObject { ["type"] = new JsonArray("string", "number"), ["pattern"] = @"^[0-9]+(\.[0-9]+){0,3}(-[A-Za-z0-9.]+)?$" },
        ValueKind.Name => new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9._-]{0,35}$" },
        ValueKind.Sha256 => new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9A-Fa-f]{64}$" },
        ValueKind.PciId => new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}$" },
        ValueKind.Percent => new JsonObject { ["type"] = new JsonArray("integer", "string"), ["pattern"] = "^[0-9]{1,3} *%?$" },
        ValueKind.Define => new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z_][A-Za-z0-9_]*(=[^\\s]+)?$" },
        ValueKind.Label => new JsonObject { ["type"] = "string", ["maxLength"] = 11 },
        ValueKind.PartitionPath => new JsonObject { ["type"] = "string", ["pattern"] = "^/" },
        ValueKind.CommandLine => new JsonObject { ["type"] = "string", ["pattern"] = "^[ -~]*$", ["maxLength"] = ScalarRules.MaxCommandLine },
        _ => new JsonObject { ["type"] = "string" },
    };

    private const string SizePattern = "^[0-9]+ *(B|KiB|MiB|GiB|TiB|kB|MB|GB|TB)?$";
}
