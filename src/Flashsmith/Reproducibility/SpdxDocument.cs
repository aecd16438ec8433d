using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>
/// &lt;image&gt;.spdx.json: the image's bill of materials as an SPDX 2.3 document. One package for the image
/// and one per component, every file of every partition with its checksums, the image CONTAINS each
/// component and file, and each component DEPENDS_ON what it depends on. Nothing in it varies between
/// builds of the same image: its namespace comes from the image's digest and its time from the epoch.
/// </summary>
public static class SpdxDocument
{
    public const string Suffix = ".spdx.json";
    public const string NoAssertion = "NOASSERTION";
    private const string ImageId = "SPDXRef-Image";

    internal static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(BuildPlan plan, IReadOnlyList<PackedFile> files, string imageSha256)
    {
        var fileIds = Files(files);
        var packages = new JsonArray
        {
            (JsonNode)new JsonObject
            {
                ["SPDXID"] = ImageId,
                ["name"] = plan.Product,
                ["versionInfo"] = plan.Version.ToString(),
                ["packageFileName"] = plan.ImageFileName,
                ["supplier"] = NoAssertion,
                ["downloadLocation"] = NoAssertion,
                ["filesAnalyzed"] = false,
                ["checksums"] = Checksums(("SHA256", imageSha256)),
                ["primaryPackagePurpose"] = "FIRMWARE",
                ["description"] = plan.Banner,
                ["comment"] = $"the flash image of target '{plan.Target}'",
                ["licenseConcluded"] = NoAssertion,
                ["licenseDeclared"] = NoAssertion,
                ["copyrightText"] = NoAssertion,
            },
        };
        foreach (var component in plan.Components)
        {
            var file = files.First(f => f.Component == component.Name && f.Path == component.PathInPartition);
            var package = new JsonObject
            {
                ["SPDXID"] = PackageId(component),
                ["name"] = component.Name,
                ["versionInfo"] = component.Version.ToString(),
                ["packageFileName"] = $"{file.Partition}:{file.Path}",
                ["supplier"] = component.Vendor.Length == 0 ? NoAssertion : "Organization: " + component.Vendor,
                ["downloadLocation"] = NoAssertion,
                ["filesAnalyzed"] = false,
                ["checksums"] = Checksums(("SHA256", file.Sha256)),
                ["primaryPackagePurpose"] = component.Kind != ComponentKind.File ? "FIRMWARE" : component.Initramfs is not null ? "ARCHIVE" : "FILE",
                ["summary"] = component.Summary,
                ["licenseConcluded"] = NoAssertion,
                ["licenseDeclared"] = NoAssertion,
                ["copyrightText"] = NoAssertion,
            };
            if (component.Purl is { } purl)
            {
                package["externalRefs"] = new JsonArray(new JsonObject
                {
                    ["referenceCategory"] = "PACKAGE-MANAGER",
                    ["referenceType"] = "purl",
                    ["referenceLocator"] = purl,
                });
            }

            packages.Add((JsonNode)package);
        }

        var relationships = new JsonArray { (JsonNode)Relationship("SPDXRef-DOCUMENT", "DESCRIBES", ImageId) };
        foreach (var component in plan.Components)
        {
            relationships.Add((JsonNode)Relationship(ImageId, "CONTAINS", PackageId(component)));
        }

        foreach (var (file, id) in fileIds)
        {
            relationships.Add((JsonNode)Relationship(ImageId, "CONTAINS", id));
            if (file.Component is { } owner)
            {
                relationships.Add((JsonNode)Relationship(PackageId(plan.Components.Single(c => c.Name == owner)), "CONTAINS", id));
            }
        }

        foreach (var component in plan.Components)
        {
            foreach (var dependency in ComponentDependencies.Of(plan, component))
            {
                relationships.Add((JsonNode)Relationship(PackageId(component), "DEPENDS_ON", PackageId(dependency)));
            }
        }

        var document = new JsonObject
        {
            ["spdxVersion"] = "SPDX-2.3",
            ["dataLicense"] = "CC0-1.0",
            ["SPDXID"] = "SPDXRef-DOCUMENT",
            ["name"] = plan.ImageFileName,
            ["documentNamespace"] = ReleaseUris.SpdxNamespace(plan.ImageFileName, imageSha256),
            ["creationInfo"] = new JsonObject
            {
                ["created"] = plan.Epoch.Time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["creators"] = new JsonArray("Tool: flashsmith-" + ToolVersion.Current),
            },
            ["packages"] = packages,
            ["files"] = new JsonArray(fileIds.Select(f => (JsonNode?)new JsonObject
            {
                ["SPDXID"] = f.Id,
                ["fileName"] = FileName(f.File),
                ["checksums"] = Checksums(("SHA1", Sha1(f.File.Bytes)), ("SHA256", f.File.Sha256)),
                ["licenseConcluded"] = NoAssertion,
                ["copyrightText"] = NoAssertion,
            }).ToArray()),
            ["relationships"] = relationships,
        };
        return document.ToJsonString(Options) + "\n";
    }

    /// <summary>How a file is named in the document: <c>./partition/path</c>.</summary>
    public static string FileName(PackedFile file) => $"./{file.Partition}{file.Path}";

    /// <summary>The partition and the path within it of a file named by <see cref="FileName(PackedFile)"/>; null when the name is not of that form.</summary>
    public static (string Partition, string Path)? ParseFileName(string name)
    {
        if (!name.StartsWith("./", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = name.IndexOf('/', 2);
        return slash < 0 ? null : (name[2..slash], name[slash..]);
    }

    /// <summary>Every file, by partition then path, with its SPDX identifier.</summary>
    private static List<(PackedFile File, string Id)> Files(IReadOnlyList<PackedFile> packed) =>
        packed
            .OrderBy(f => f.Partition, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .Select((f, i) => (f, string.Create(CultureInfo.InvariantCulture, $"SPDXRef-File-{i + 1}-{Sanitize(f.Partition + f.Path)}")))
            .ToList();

    private static string PackageId(PlannedComponent component) => "SPDXRef-Package-" + Sanitize(component.Name);

    /// <summary>SPDX identifiers allow letters, digits, '.' and '-' only.</summary>
    internal static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-');
        }

        return builder.ToString().Trim('-');
    }

    internal static JsonArray Checksums(params (string Algorithm, string Value)[] checksums) =>
        new(checksums.Select(c => (JsonNode?)new JsonObject { ["algorithm"] = c.Algorithm, ["checksumValue"] = c.Value }).ToArray());

    internal static JsonObject Relationship(string from, string type, string to) => new()
    {
        ["spdxElementId"] = from,
        ["relationshipType"] = type,
        ["relatedSpdxElement"] = to,
    };

#pragma warning disable CA5350 // SPDX 2.3 requires a SHA-1 checksum for every file; SHA-256 is given beside it.
    internal static string Sha1(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));
#pragma warning restore CA5350
}
