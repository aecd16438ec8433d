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
        // One line per tool binary: "identity<TAB>version".
        var file = Path.Combine(cacheFolder, "tool-versions.tsv");
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in await File.ReadAllLinesAsync(file, cancellation).ConfigureAwait(false))
            {
                var tab = line.LastIndexOf('\t');
                if (tab > 0)
                {
                    known[line[..tab]] = line[(tab + 1)..];
                }
            }
        }
        catch (IOException)
        {
            // No record yet: ask the tools.
        }

        // Unknown tools are asked at once, side by side: on a clean cache this is on the critical path.
        var result = await Task.WhenAll(tools.Select(async tool =>
        {
            var info = new FileInfo(tool);
            var resolved = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            var identity = $"{tool}|{resolved.FullName}|{resolved.Length}|{resolved.LastWriteTimeUtc.Ticks}";
            if (known.TryGetValue(identity, out var version))
            {
                return (Identity: identity, Version: version, Asked: false);
            }

            var run = await ToolRunner.RunAsync(tool, ["--version"], Environment.CurrentDirectory, cancellation).ConfigureAwait(false);
            version = (run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown";
            return (Identity: identity, Version: version, Asked: true);
        })).ConfigureAwait(false);
        var changed = false;
        foreach (var (identity, version, asked) in result)
        {
            known[identity] = version;
            changed |= asked;
        }

        if (changed)
        {
            Directory.CreateDirectory(cacheFolder);
            var temp = file + "." + Environment.ProcessId + ".tmp";
            await File.WriteAllLinesAsync(temp, known.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}\t{k.Value}"), cancellation).ConfigureAwait(false);
            File.Move(temp, file, overwrite: true);
        }

        return result.Select(r => r.Version).ToArray();
    }
}
