using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>
/// &lt;image&gt;.cdx.json: the image's bill of materials as a CycloneDX 1.6 document. The image is the
/// metadata component; the core and each driver are firmware components with the SHA-256 of the file
/// installed, where it is installed, and the dependency graph. The serial number comes from the
/// image's digest and the timestamp from the epoch.
/// </summary>
public static class CycloneDxDocument
{
    public const string Suffix = ".cdx.json";
    public const string ImageRef = "image";
    public const string PartitionProperty = "flashsmith:partition";
    public const string PathProperty = "flashsmith:path";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(BuildPlan plan, IReadOnlyList<PackedFile> files, string imageSha256)
    {
        var image = new JsonObject
        {
            ["type"] = "firmware",
            ["bom-ref"] = ImageRef,
            ["name"] = plan.Product,
            ["version"] = plan.Version.ToString(),
            ["description"] = plan.Banner,
            ["hashes"] = Hashes(imageSha256),
            ["properties"] = Properties(("flashsmith:target", plan.Target), ("flashsmith:file", plan.ImageFileName)),
        };
        var components = new JsonArray();
        foreach (var component in plan.Components)
        {
            var file = files.First(f => f.Component == component.Name && f.Path == component.PathInPartition);
            var node = new JsonObject
            {
                ["type"] = component.Kind == ComponentKind.File ? "file" : "firmware",
                ["bom-ref"] = Ref(component),
            };
            if (component.Vendor.Length > 0)
            {
                node["supplier"] = new JsonObject { ["name"] = component.Vendor };
            }

            node["name"] = component.Name;
            node["version"] = component.Version.ToString();
            node["description"] = component.Summary;
            node["hashes"] = Hashes(file.Sha256);
            if (component.Purl is { } purl)
            {
                node["purl"] = purl;
            }

            node["properties"] = Properties((PartitionProperty, file.Partition), (PathProperty, file.Path), ("flashsmith:kind", component.Kind.ToString().ToLowerInvariant()));
            components.Add((JsonNode)node);
        }

        var dependencies = new JsonArray
        {
            (JsonNode)new JsonObject { ["ref"] = ImageRef, ["dependsOn"] = new JsonArray(plan.Components.Select(c => (JsonNode?)Ref(c)).ToArray()) },
        };
        foreach (var component in plan.Components)
        {
            dependencies.Add((JsonNode)new JsonObject
            {
                ["ref"] = Ref(component),
                ["dependsOn"] = new JsonArray(ComponentDependencies.Of(plan, component).Select(d => (JsonNode?)Ref(d)).ToArray()),
            });
        }

        var document = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = ReleaseUris.CycloneDxSerial(imageSha256),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = plan.Epoch.Time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject
                {
                    ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "flashsmith", ["version"] = ToolVersion.Current }),
                },
                ["component"] = image,
            },
            ["components"] = components,
            ["dependencies"] = dependencies,
        };
        return document.ToJsonString(Options) + "\n";
    }

    public static string Ref(PlannedComponent component) => "component:" + component.Name;

    private static JsonArray Hashes(string sha256) =>
        new(new JsonObject { ["alg"] = "SHA-256", ["content"] = sha256 });

    private static JsonArray Properties(params (string Name, string Value)[] properties) =>
        new(properties.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["value"] = p.Value }).ToArray());
}
