using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>
/// The independent judges of SBOMs: the official SPDX 2.3 JSON Schema (kept in shared/schemas beside the
/// checkout) with Python's jsonschema, and the CycloneDX library's strict JSON validator, which is
/// installed with npm into tests/judges/cyclonedx the first time it is needed.
/// </summary>
public static class Judges
{
    private static readonly Lock Gate = new();

    public static string SpdxSchema
    {
        get
        {
            // Beside the checkout, or beside the folder of worktrees that holds it (/work/wt/NAME has it in /work/shared).
            var beside = Path.Combine(Path.GetDirectoryName(CliRun.RepositoryRoot)!, "shared", "schemas", "spdx-2.3.schema.json");
            var path = Ancestors(Path.GetDirectoryName(CliRun.RepositoryRoot)!)
                .Select(folder => Path.Combine(folder, "shared", "schemas", "spdx-2.3.schema.json"))
                .FirstOrDefault(File.Exists) ?? beside;
            Assert.True(File.Exists(path), $"the SPDX 2.3 JSON Schema is missing: {beside}");
            return path;
        }
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            yield return current;
        }
    }

    /// <summary>Validates an SPDX document against the schema (draft-07); the output names every error.</summary>
    public static ExternalTool.Result ValidateSpdx(string document) =>
        ExternalTool.Run("/usr/bin/python3", [
            "-c",
            "import json, sys, jsonschema\n" +
            "schema = json.load(open(sys.argv[1]))\n" +
            "errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n" +
            "[print('/'.join(map(str, e.absolute_path)) + ': ' + e.message) for e in errors]\n" +
            "sys.exit(1 if errors else 0)\n",
            SpdxSchema, document,
        ], TimeSpan.FromMinutes(1));

    /// <summary>Validates a CycloneDX 1.6 JSON document strictly; the output names every error.</summary>
    public static ExternalTool.Result ValidateCycloneDx(string document)
    {
        var folder = Path.Combine(CliRun.RepositoryRoot, "tests", "judges", "cyclonedx");
        lock (Gate)
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "@cyclonedx", "cyclonedx-library")))
            {
                var install = ExternalTool.Run("npm", ["install", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel", "error"], TimeSpan.FromMinutes(5));
                Assert.True(install.ExitCode == 0, "npm could not install the CycloneDX validator:\n" + install.All);
            }
        }

        return ExternalTool.Run("node", [Path.Combine(folder, "validate.cjs"), document], TimeSpan.FromMinutes(1));
    }
}
