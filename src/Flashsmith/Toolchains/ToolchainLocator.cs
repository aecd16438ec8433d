using System.Text.Json;
using Flashsmith.Diagnostics;

namespace Flashsmith.Toolchains;

/// <summary>
/// Finds the tools of a preset and their versions. Versions are remembered per tool binary (path,
/// size, modification time) so that a build with nothing to do starts no process at all.
/// </summary>
public static class ToolchainLocator
{
    public const string ClangUefiX64 = "clang-uefi-x64";

    public static async Task<Toolchain> LocateAsync(string preset, string cacheFolder, CancellationToken cancellation)
    {
        if (preset != ClangUefiX64)
        {
            throw new BadInputException($"unknown toolchain preset '{preset}'; the presets are: {ClangUefiX64}");
        }

        var clang = ToolRunner.Find("clang");
        var lld = ToolRunner.Find("lld-link");
        var missing = new List<string>();
        if (clang is null)
        {
            missing.Add("clang");
        }

        if (lld is null)
        {
            missing.Add("lld");
        }

        if (missing.Count > 0)
        {
            var what = string.Join(" and ", missing.Select(m => m == "lld" ? "lld-link" : m));
            throw new BadInputException($"the {ClangUefiX64} toolchain needs {what}, which {(missing.Count == 1 ? "is" : "are")} not installed; install with: sudo apt-get install {string.Join(' ', missing)}");
        }

        var versions = await VersionsAsync([clang!, lld!], cacheFolder, cancellation).ConfigureAwait(false);
        return new Toolchain(preset, clang!, lld!, versions[0], versions[1]);
    }

    private static async Task<string[]> VersionsAsync(string[] tools, string cacheFolder, CancellationToken cancellation)
    {
        var file = Path.Combine(cacheFolder, "tool-versions.json");
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            known = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(file, cancellation).ConfigureAwait(false)) ?? known;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            // No record yet, or a damaged one: ask the tools again.
        }

        var result = new string[tools.Length];
        var changed = false;
        for (var i = 0; i < tools.Length; i++)
        {
            var info = new FileInfo(tools[i]);
            var resolved = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            var identity = $"{tools[i]}|{resolved.FullName}|{resolved.Length}|{resolved.LastWriteTimeUtc.Ticks}";
            if (!known.TryGetValue(identity, out var version))
            {
                var run = await ToolRunner.RunAsync(tools[i], ["--version"], Environment.CurrentDirectory, cancellation).ConfigureAwait(false);
                version = (run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown";
                known[identity] = version;
                changed = true;
            }

            result[i] = version;
        }

        if (changed)
        {
            Directory.CreateDirectory(cacheFolder);
            var temp = file + "." + Environment.ProcessId + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(known), cancellation).ConfigureAwait(false);
            File.Move(temp, file, overwrite: true);
        }

        return result;
    }
}
