using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using Flashsmith.Disk;
using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>
/// Compares one target's outputs in two folders byte for byte: each output both hold alike with its
/// SHA-256, and each that differs with its first differing offset, what holds that offset (for an
/// image: partition, file or FAT structure, PE section; for text: the line), and the causes read from
/// the two provenance statements.
/// </summary>
public static class OutputComparer
{
    public static (IReadOnlyList<OutputDigest> Identical, IReadOnlyList<OutputDifference> Differences, IReadOnlyList<string> Causes) Compare(
        string target, string first, string second, string firstLabel, string secondLabel)
    {
        var identical = new List<OutputDigest>();
        var differences = new List<OutputDifference>();
        var names = Files(first).Union(Files(second)).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var output = $"{target}/{name}";
            var a = Path.Combine(first, name);
            var b = Path.Combine(second, name);
            if (!File.Exists(a) || !File.Exists(b))
            {
                differences.Add(new OutputDifference(output, null, [$"only the {(File.Exists(a) ? firstLabel : secondLabel)} has it"]));
                continue;
            }

            var bytesA = File.ReadAllBytes(a);
            var bytesB = File.ReadAllBytes(b);
            var at = bytesA.AsSpan().CommonPrefixLength(bytesB);
            if (at == bytesA.Length && bytesA.Length == bytesB.Length)
            {
                identical.Add(new OutputDigest(output, Convert.ToHexStringLower(SHA256.HashData(bytesA))));
                continue;
            }

            var details = new List<string>();
            if (bytesA.Length != bytesB.Length)
            {
                details.Add(string.Create(CultureInfo.InvariantCulture, $"sizes differ: {bytesA.Length} bytes in the {firstLabel}, {bytesB.Length} in the {secondLabel}"));
            }

            if (name.EndsWith(".img", StringComparison.Ordinal))
            {
                var components = Components(Path.Combine(first, BuildPlan.ManifestFileName));
                details.AddRange(ImageDifference.Explain(bytesA, bytesB, (partition, path) => components.GetValueOrDefault((partition, path))));
            }
            else if (IsText(name))
            {
                var line = 1 + bytesA.AsSpan(0, at).Count((byte)'\n');
                details.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}"));
            }

            differences.Add(new OutputDifference(output, at, details));
        }

        IReadOnlyList<string> causes = [];
        if (differences.Count > 0)
        {
            var provenance = names.FirstOrDefault(n => n.EndsWith(DsseEnvelope.Suffix, StringComparison.Ordinal));
            causes = provenance is not null && File.Exists(Path.Combine(first, provenance)) && File.Exists(Path.Combine(second, provenance))
                ? ProvenanceDifference.Causes(File.ReadAllText(Path.Combine(first, provenance)), File.ReadAllText(Path.Combine(second, provenance)))
                : [$"{target}: there is no provenance on both sides to compare the inputs with"];
            if (causes.Count == 0)
            {
                causes = [$"{target}: the inputs, tools and compiled objects are the same in the {firstLabel} and the {secondLabel}: the bytes differ after compiling (packing, signing, assembling) or were changed afterwards"];
            }
        }

        return (identical, differences, causes);
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)) : [];

    private static bool IsText(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".bmap", StringComparison.Ordinal)
        || name.EndsWith(".md", StringComparison.Ordinal) || name.EndsWith(".html", StringComparison.Ordinal) || name == "SHA256SUMS";

    /// <summary>Each component's (partition, path) from manifest.json.</summary>
    private static Dictionary<(string, string), string> Components(string manifest)
    {
        var components = new Dictionary<(string, string), string>();
        try
        {
            foreach (var component in JsonNode.Parse(File.ReadAllText(manifest))?["components"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                var partition = component["partition"]?.GetValue<string>();
                var path = component["path"]?.GetValue<string>();
                var name = component["name"]?.GetValue<string>();
                if (partition is not null && path is not null && name is not null)
                {
                    components[(partition, path)] = name;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException)
        {
            // Without a manifest, files are named without their components.
        }

        return components;
    }

    /// <summary>For messages: a byte offset in hex and decimal.</summary>
    public static string Offset(long offset) => new ByteSize(offset).ToOffsetString();
}
