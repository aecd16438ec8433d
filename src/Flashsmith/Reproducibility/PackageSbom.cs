using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Flashsmith.Reproducibility;

/// <summary>
/// The SPDX 2.3 document of a package of the tool itself (a .deb): the package with its digest, every file it
/// installs with its checksums, and the NuGet packages compiled into its programs, each with its package URL.
/// Nothing in it varies between builds of the same package: its namespace comes from the package's digest, its time
/// from the release's epoch.
/// </summary>
public static class PackageSbom
{
    private const string PackageId = "SPDXRef-Package";

    /// <summary>A NuGet package compiled into the tool.</summary>
    public sealed record Dependency(string Name, string Version);

    /// <summary>
    /// The document for <paramref name="packageFile"/>, whose installed files are those under <paramref name="root"/>
    /// (the tree it was made from, named in the document as installed: <c>/usr/bin/flashsmith</c>).
    /// </summary>
    public static string Write(string packageFile, string name, string version, string root, IReadOnlyList<Dependency> dependencies, DateTimeOffset created)
    {
        var packageName = Path.GetFileName(packageFile);
        string digest;
        using (var stream = File.OpenRead(packageFile))
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => "/" + Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith("/DEBIAN/", StringComparison.Ordinal) && new FileInfo(root + f).LinkTarget is null)
            .Order(StringComparer.Ordinal)
            .Select((path, index) => (Path: path, Id: $"SPDXRef-File-{index + 1}", Bytes: File.ReadAllBytes(root + path)))
            .ToList();
        var packages = new JsonArray
        {
            (JsonNode)new JsonObject
            {
                ["SPDXID"] = PackageId,
                ["name"] = name,
                ["versionInfo"] = version,
                ["packageFileName"] = packageName,
                ["supplier"] = SpdxDocument.NoAssertion,
                ["downloadLocation"] = SpdxDocument.NoAssertion,
                ["filesAnalyzed"] = false,
                ["checksums"] = SpdxDocument.Checksums(("SHA256", digest)),
                ["primaryPackagePurpose"] = "APPLICATION",
                ["licenseConcluded"] = SpdxDocument.NoAssertion,
                ["licenseDeclared"] = SpdxDocument.NoAssertion,
                ["copyrightText"] = SpdxDocument.NoAssertion,
            },
        };
        var ordered = dependencies.Distinct().OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Version, StringComparer.Ordinal).ToList();
        foreach (var dependency in ordered)
        {
            packages.Add((JsonNode)new JsonObject
            {
                ["SPDXID"] = DependencyId(dependency),
                ["name"] = dependency.Name,
                ["versionInfo"] = dependency.Version,
                ["supplier"] = SpdxDocument.NoAssertion,
                ["downloadLocation"] = $"https://www.nuget.org/api/v2/package/{dependency.Name}/{dependency.Version}",
                ["filesAnalyzed"] = false,
                ["primaryPackagePurpose"] = "LIBRARY",
                ["licenseConcluded"] = SpdxDocument.NoAssertion,
                ["licenseDeclared"] = SpdxDocument.NoAssertion,
                ["copyrightText"] = SpdxDocument.NoAssertion,
                ["externalRefs"] = new JsonArray(new JsonObject
                {
                    ["referenceCategory"] = "PACKAGE-MANAGER",
                    ["referenceType"] = "purl",
                    ["referenceLocator"] = $"pkg:nuget/{dependency.Name}@{dependency.Version}",
                }),
            });
        }

        var relationships = new JsonArray { (JsonNode)SpdxDocument.Relationship("SPDXRef-DOCUMENT", "DESCRIBES", PackageId) };
        foreach (var file in files)
        {
            relationships.Add((JsonNode)SpdxDocument.Relationship(PackageId, "CONTAINS", file.Id));
        }

        foreach (var dependency in ordered)
        {
            relationships.Add((JsonNode)SpdxDocument.Relationship(PackageId, "CONTAINS", DependencyId(dependency)));
        }

        var document = new JsonObject
        {
            ["spdxVersion"] = "SPDX-2.3",
            ["dataLicense"] = "CC0-1.0",
            ["SPDXID"] = "SPDXRef-DOCUMENT",
            ["name"] = packageName,
            ["documentNamespace"] = ReleaseUris.SpdxNamespace(packageName, digest),
            ["creationInfo"] = new JsonObject
            {
                ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["creators"] = new JsonArray("Tool: flashsmith-" + ToolVersion.Current),
            },
            ["packages"] = packages,
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode?)new JsonObject
            {
                ["SPDXID"] = f.Id,
                ["fileName"] = "." + f.Path,
                ["checksums"] = SpdxDocument.Checksums(("SHA1", SpdxDocument.Sha1(f.Bytes)), ("SHA256", Convert.ToHexStringLower(SHA256.HashData(f.Bytes)))),
                ["licenseConcluded"] = SpdxDocument.NoAssertion,
                ["copyrightText"] = SpdxDocument.NoAssertion,
            })]),
            ["relationships"] = relationships,
        };
        return document.ToJsonString(SpdxDocument.Options) + "\n";
    }

    /// <summary>
    /// The NuGet packages the builds of the programs restored, from their project.assets.json files: what the natively
    /// compiled programs are made of.
    /// </summary>
    public static IReadOnlyList<Dependency> FromAssets(IEnumerable<string> assetsFiles)
    {
        var found = new SortedSet<(string, string)>();
        foreach (var file in assetsFiles)
        {
            var targets = JsonNode.Parse(File.ReadAllText(file))?["targets"]?.AsObject()
                ?? throw new InvalidDataException($"{file} has no targets; is it a project.assets.json?");
            foreach (var (_, libraries) in targets)
            {
                foreach (var (id, library) in libraries!.AsObject())
                {
                    if ((string?)library?["type"] == "package" && id.Split('/') is [var name, var version])
                    {
                        found.Add((name, version));
                    }
                }
            }
        }

        return [.. found.Select(f => new Dependency(f.Item1, f.Item2))];
    }

    private static string DependencyId(Dependency dependency) => "SPDXRef-NuGet-" + SpdxDocument.Sanitize($"{dependency.Name}-{dependency.Version}");
}
