using System.Text.Json.Nodes;
using Flashsmith.Pipeline;

namespace Flashsmith.Cli.Rendering;

/// <summary>A build's outcome as JSON, for scripts: per target the image, its hash, signer, budget verdict or failure.</summary>
public static class BuildResultJson
{
    public static string Write(BuildResult result)
    {
        var document = new JsonObject
        {
            ["compiled"] = result.Compile.Compiled,
            ["linked"] = result.Compile.Linked,
            ["cachedObjects"] = result.Compile.CachedObjects,
            ["remoteObjects"] = result.Compile.RemoteObjects,
            ["remoteImages"] = result.Compile.RemoteImages,
            ["targets"] = new JsonArray(result.Targets.Select(t => (JsonNode?)new JsonObject
            {
                ["target"] = t.Plan.Target,
                ["image"] = t.Output?.ImagePath,
                ["sha256"] = t.Output?.ImageSha256,
                ["upToDate"] = t.Output?.UpToDate,
                ["signer"] = t.Output?.Signature.Subject,
                ["developmentKey"] = t.Output?.Signature.Development,
                ["budget"] = t.Budget?.Verdict.ToString().ToLowerInvariant(),
                ["errors"] = new JsonArray((t.Failure?.Lines ?? []).Select(l => (JsonNode?)l).ToArray()),
                ["seconds"] = Math.Round(t.Duration.TotalSeconds, 3),
            }).ToArray()),
        };
        return document.ToJsonString(JsonOutput.Options);
    }

    /// <summary>A build with nothing to do, in the same shape: nothing compiled, every target up to date.</summary>
    public static string Write(UpToDateBuild build)
    {
        var document = new JsonObject
        {
            ["compiled"] = 0,
            ["linked"] = 0,
            ["cachedObjects"] = 0,
            ["remoteObjects"] = 0,
            ["remoteImages"] = 0,
            ["targets"] = new JsonArray(build.Targets.Select(t => (JsonNode?)new JsonObject
            {
                ["target"] = t.Target,
                ["image"] = t.Output.ImagePath,
                ["sha256"] = t.Output.ImageSha256,
                ["upToDate"] = true,
                ["signer"] = t.Output.Signature.Subject,
                ["developmentKey"] = t.Output.Signature.Development,
                ["budget"] = t.Verdict.ToString().ToLowerInvariant(),
                ["errors"] = new JsonArray(),
                ["seconds"] = 0,
            }).ToArray()),
        };
        return document.ToJsonString(JsonOutput.Options);
    }
}
