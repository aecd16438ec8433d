using System.Text;
using System.Text.Json.Nodes;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary>The factory log as a JSON array: one object per attempt, every column, named in camelCase.</summary>
public static class FactoryLogJson
{
    public static string Write(IReadOnlyList<AttemptRecord> attempts) => ToArray(attempts).ToJsonString(JsonOutput.Options);

    public static JsonArray ToArray(IReadOnlyList<AttemptRecord> attempts)
    {
        var names = AttemptRecord.Columns.Select(CamelCase).ToList();
        return new JsonArray(attempts.Select(attempt =>
        {
            var row = new JsonObject();
            foreach (var (name, value) in names.Zip(attempt.Values()))
            {
                row[name] = value switch
                {
                    null => null,
                    long number => JsonValue.Create(number),
                    double number => JsonValue.Create(number),
                    string text => JsonValue.Create(text),
                    _ => throw new InvalidOperationException($"no JSON form for a {value.GetType().Name} in column {name}"),
                };
            }

            return (JsonNode?)row;
        }).ToArray());
    }

    /// <summary>The log's column name as JSON names it: <c>image_sha256</c> is <c>imageSha256</c>.</summary>
    private static string CamelCase(string column)
    {
        var name = new StringBuilder();
        var upper = false;
        foreach (var c in column)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            name.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return name.ToString();
    }
}
