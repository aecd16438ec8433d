using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Planning;
using Flashsmith.Toolchains;

namespace Flashsmith.Reproducibility;

/// <summary>
/// The in-toto Statement v1 with a SLSA Provenance v1 predicate that <c>&lt;image&gt;.intoto.jsonl</c> carries:
/// its subjects are the target's outputs with their SHA-256; its build definition names the recipe, the
/// target and the release flag, and every input (recipe files, source files and the headers beside them, prebuilt modules, depot
/// package descriptors and the git commit) with its digest; its run details name the builder and the
/// tools' versions, and the compiled images as byproducts. Paths are relative to the project; there is
/// no time, host, user or absolute path in it.
/// </summary>
public static class ProvenanceStatement
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(BuildPlan plan, ProvenanceFacts facts, Toolchain toolchain, IReadOnlyList<(string Name, string Sha256)> subjects)
    {
        var statement = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = new JsonArray(subjects.Select(s => (JsonNode?)new JsonObject
            {
                ["name"] = s.Name,
                ["digest"] = new JsonObject { ["sha256"] = s.Sha256 },
            }).ToArray()),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = ReleaseUris.BuildType,
                    ["externalParameters"] = new JsonObject
                    {
                        ["recipe"] = Relative(plan, plan.RecipeFile),
                        ["target"] = plan.Target,
                        ["release"] = facts.Release,
                    },
                    ["internalParameters"] = new JsonObject
                    {
                        ["epoch"] = plan.Epoch.Seconds,
                        ["toolchain"] = plan.Toolchain,
                    },
                    ["resolvedDependencies"] = new JsonArray(Inputs(plan, facts).Select(i => (JsonNode?)i).ToArray()),
                },
                ["runDetails"] = new JsonObject
                {
                    ["builder"] = new JsonObject
                    {
                        ["id"] = ReleaseUris.Builder,
                        ["version"] = new JsonObject
                        {
                            ["flashsmith"] = ToolVersion.Current,
                            ["compiler"] = toolchain.CompilerVersion,
                            ["linker"] = toolchain.LinkerVersion,
                        },
                    },
                    ["byproducts"] = new JsonArray(facts.CompiledSha256.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (JsonNode?)new JsonObject
                    {
                        ["name"] = $"compiled/{p.Key}.efi",
                        ["digest"] = new JsonObject { ["sha256"] = p.Value },
                        ["annotations"] = new JsonObject { ["components"] = new JsonArray(p.Key) },
                    }).ToArray()),
                },
            },
        };
        return System.Text.Encoding.UTF8.GetBytes(statement.ToJsonString(Options));
    }

    /// <summary>Every input, each once, recipe files first, then the rest by path, then the commit.</summary>
    /// <summary>Every input with its digest, as the statement lists them: what outputs written earlier must match to be kept.</summary>
    public static string InputsKey(BuildPlan plan, ProvenanceFacts facts) =>
        new JsonArray([.. Inputs(plan, facts)]).ToJsonString(Options);

    private static List<JsonObject> Inputs(BuildPlan plan, ProvenanceFacts facts)
    {
        var inputs = new List<JsonObject>();
        foreach (var recipe in plan.RecipeChain.Distinct(StringComparer.Ordinal))
        {
            inputs.Add(Input(plan, recipe, "recipe", []));
        }

        var files = new SortedDictionary<string, (string Kind, SortedSet<string> Components)>(StringComparer.Ordinal);
        void Add(string path, string kind, string component)
        {
            if (!files.TryGetValue(path, out var entry))
            {
                entry = (kind, new SortedSet<string>(StringComparer.Ordinal));
                files[path] = entry;
            }

            entry.Components.Add(component);
        }

        foreach (var component in plan.Components)
        {
            if (component.SourceFolder is { } folder)
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    Add(file, "source", component.Name);
                }
            }

            if (component.PrebuiltFile is { } prebuilt)
            {
                Add(prebuilt, "prebuilt", component.Name);
            }

            foreach (var packed in component.Inputs.Where(i => i != component.SourceFolder && i != component.PrebuiltFile))
            {
                foreach (var file in Directory.Exists(packed) ? Directory.EnumerateFiles(packed, "*", SearchOption.AllDirectories) : [packed])
                {
                    Add(file, "packed", component.Name);
                }
            }

            if (component.Descriptor is { } descriptor)
            {
                Add(descriptor, "package", component.Name);
            }
        }

        foreach (var header in SourceTree.Headers(plan).Where(h => !files.ContainsKey(h)))
        {
            files[header] = ("header", new SortedSet<string>(StringComparer.Ordinal));
        }

        foreach (var (path, (kind, components)) in files.OrderBy(f => Relative(plan, f.Key), StringComparer.Ordinal))
        {
            inputs.Add(Input(plan, path, kind, components));
        }

        if (facts.Commit is { } commit)
        {
            inputs.Add(new JsonObject
            {
                ["name"] = "source",
                ["digest"] = new JsonObject { ["gitCommit"] = commit },
                ["annotations"] = new JsonObject { ["kind"] = "git" },
            });
        }

        return inputs;
    }

    private static JsonObject Input(BuildPlan plan, string path, string kind, IEnumerable<string> components)
    {
        using var stream = File.OpenRead(path);
        var annotations = new JsonObject { ["kind"] = kind };
        var names = components.ToList();
        if (names.Count > 0)
        {
            annotations["components"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
        }

        return new JsonObject
        {
            ["name"] = Relative(plan, path),
            ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream)) },
            ["annotations"] = annotations,
        };
    }

    /// <summary>A path as provenance names it: relative to the project root, with '/'.</summary>
    internal static string Relative(BuildPlan plan, string path) =>
        Path.GetRelativePath(plan.ProjectRoot, path).Replace(Path.DirectorySeparatorChar, '/');
}
