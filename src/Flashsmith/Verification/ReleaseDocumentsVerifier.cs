using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk;
using Flashsmith.Reproducibility;
using Flashsmith.Signing;
using Flashsmith.Toolchains;

namespace Flashsmith.Verification;

/// <summary>
/// Checks the documents beside an image: each SBOM's digests against the image and the files in its
/// partitions, and the provenance's signature (by the trusted certificate) and its subjects' digests
/// against the files beside the image. A document that is absent is not checked.
/// </summary>
public static class ReleaseDocumentsVerifier
{
    public static IReadOnlyList<VerificationCheck> Verify(string imagePath, string imageSha256, Stream image, X509Certificate2 trusted)
    {
        var checks = new List<VerificationCheck>();
        var files = new ImageFiles(image);
        if (Read(imagePath + SpdxDocument.Suffix, checks) is { } spdx)
        {
            checks.Add(new VerificationCheck($"SBOM {Path.GetFileName(imagePath)}{SpdxDocument.Suffix}", Shaped(() => Spdx(spdx, imageSha256, files), "an SPDX SBOM")));
        }

        if (Read(imagePath + CycloneDxDocument.Suffix, checks) is { } cdx)
        {
            checks.Add(new VerificationCheck($"SBOM {Path.GetFileName(imagePath)}{CycloneDxDocument.Suffix}", Shaped(() => CycloneDx(cdx, imageSha256, files), "a CycloneDX SBOM")));
        }

        var provenance = imagePath + DsseEnvelope.Suffix;
        if (File.Exists(provenance))
        {
            checks.Add(new VerificationCheck($"provenance {Path.GetFileName(provenance)}", Shaped(() => Provenance(File.ReadAllText(provenance), imagePath, imageSha256, trusted), "a provenance envelope")));
        }

        return checks;
    }

    private static JsonNode? Read(string path, List<VerificationCheck> checks)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return UntrustedJson.Parse(File.ReadAllText(path)) ?? throw new JsonException("the document is empty");
        }
        catch (JsonException ex)
        {
            checks.Add(new VerificationCheck($"SBOM {Path.GetFileName(path)}", $"it is not JSON: {ex.Message}"));
            return null;
        }
    }

    private static string? Spdx(JsonNode document, string imageSha256, ImageFiles files)
    {
        var problems = new List<string>();
        var image = document["packages"]?.AsArray().FirstOrDefault(p => Text(p?["SPDXID"]) == "SPDXRef-Image");
        if (image is null || Checksum(image, "SHA256") != imageSha256)
        {
            problems.Add("its image package does not carry the image's SHA-256");
        }

        foreach (var file in document["files"]?.AsArray().OfType<JsonNode>() ?? [])
        {
            var name = Text(file["fileName"]) ?? string.Empty;
            var place = SpdxDocument.ParseFileName(name);
            var expected = Checksum(file, "SHA256");
            var actual = place is { } p ? files.Sha256(p.Partition, p.Path) : null;
            if (actual != expected)
            {
                problems.Add(actual is null ? $"{name} is not in the image" : $"{name} has SHA-256 {actual} in the image, the SBOM says {expected}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string? CycloneDx(JsonNode document, string imageSha256, ImageFiles files)
    {
        var problems = new List<string>();
        if (Hash(document["metadata"]?["component"]) != imageSha256)
        {
            problems.Add("its metadata component does not carry the image's SHA-256");
        }

        foreach (var component in document["components"]?.AsArray().OfType<JsonNode>() ?? [])
        {
            // A name given twice: the first counts, as in the SBOM we write each is given once.
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in component["properties"]?.AsArray().OfType<JsonNode>() ?? [])
            {
                properties.TryAdd(Text(p["name"]) ?? string.Empty, Text(p["value"]) ?? string.Empty);
            }

            var partition = properties.GetValueOrDefault(CycloneDxDocument.PartitionProperty) ?? string.Empty;
            var path = properties.GetValueOrDefault(CycloneDxDocument.PathProperty) ?? string.Empty;
            var expected = Hash(component);
            var actual = files.Sha256(partition, path);
            if (actual != expected)
            {
                var name = $"component '{Text(component["name"])}' ({partition}:{path})";
                problems.Add(actual is null ? $"{name} is not in the image" : $"{name} has SHA-256 {actual} in the image, the SBOM says {expected}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string? Provenance(string envelope, string imagePath, string imageSha256, X509Certificate2 trusted)
    {
        var payload = DsseEnvelope.Open(envelope, trusted, out var problem);
        if (payload is null)
        {
            return $"its signature does not hold: {problem}";
        }

        JsonNode statement;
        try
        {
            statement = UntrustedJson.Parse(payload) ?? throw new JsonException("the statement is empty");
        }
        catch (JsonException ex)
        {
            return $"the signed statement is not JSON: {ex.Message}";
        }

        if (Text(statement["predicateType"]) != ProvenanceStatement.PredicateType)
        {
            return $"the statement's predicate is not {ProvenanceStatement.PredicateType}";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(imagePath))!;
        var problems = new List<string>();
        var subjects = statement["subject"]?.AsArray().OfType<JsonNode>().ToList() ?? [];
        if (!subjects.Any(s => Text(s["name"]) == Path.GetFileName(imagePath)))
        {
            problems.Add("the image is not among its subjects");
        }

        foreach (var subject in subjects)
        {
            var name = Text(subject["name"]) ?? string.Empty;
            var path = Path.Combine(folder, name);
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || !File.Exists(path))
            {
                problems.Add($"its subject {name} is not beside the image");
                continue;
            }

            // The image's digest is already known; the other subjects are small.
            var actual = name == Path.GetFileName(imagePath) ? imageSha256 : ObjectCache.HashFile(path);
            var expected = Text(subject["digest"]?["sha256"]);
            if (actual != expected)
            {
                problems.Add($"{name} has SHA-256 {actual}, the signed provenance says {expected}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// The problem <paramref name="check"/> finds, or, when the document's JSON is not of the shape it reads (an array
    /// where an object goes, a number where a list goes), that.
    /// </summary>
    private static string? Shaped(Func<string?> check, string what)
    {
        try
        {
            return check();
        }
        catch (InvalidOperationException ex)
        {
            return $"it is not shaped like {what}: {ex.Message}";
        }
    }

    private static string? Checksum(JsonNode node, string algorithm) =>
        Text(node["checksums"]?.AsArray().FirstOrDefault(c => Text(c?["algorithm"]) == algorithm)?["checksumValue"]);

    private static string? Hash(JsonNode? node) =>
        Text(node?["hashes"]?.AsArray().FirstOrDefault(h => Text(h?["alg"]) == "SHA-256")?["content"]);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The files of an image's FAT volumes by partition name, each hashed once when asked for.</summary>
    private sealed class ImageFiles(Stream image)
    {
        private readonly Dictionary<string, FatFileSystem?> volumes = Open(image);
        private readonly Dictionary<(string, string), string?> hashes = [];

        public string? Sha256(string partition, string path)
        {
            if (!hashes.TryGetValue((partition, path), out var hash))
            {
                hash = null;
                if (volumes.GetValueOrDefault(partition) is { } fs)
                {
                    try
                    {
                        hash = fs.ReadFileIfPresent(path) is { } bytes ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : null;
                    }
                    catch (InvalidDiskImageException)
                    {
                        hash = null;
                    }
                }

                hashes[(partition, path)] = hash;
            }

            return hash;
        }

        private static Dictionary<string, FatFileSystem?> Open(Stream image)
        {
            var volumes = new Dictionary<string, FatFileSystem?>(StringComparer.Ordinal);
            try
            {
                foreach (var partition in Disk.Partitions.PartitionTable.Read(image).Partitions)
                {
                    try
                    {
                        volumes[partition.Name] = DiskInspector.Open(image, partition);
                    }
                    catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
                    {
                        volumes[partition.Name] = null;
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
            {
                // No partitions: every file is missing, and the partition table check says why.
            }

            return volumes;
        }
    }
}
