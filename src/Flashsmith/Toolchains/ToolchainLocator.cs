using Flashsmith.Diagnostics;

namespace Flashsmith.Toolchains;

/// <summary>
/// Finds the tools of a preset and their versions. Versions are remembered per tool binary (its
/// resolved path, size and modification time) in a folder that outlives the build cache (the machine's
/// cache folder), so that neither a build with nothing to do nor a clean build starts a process to ask.
/// </summary>
public static class ToolchainLocator
{
    public const string ClangUefiX64 = "clang-uefi-x64";

    /// <summary>The file, in the versions folder, that remembers each tool binary's version.</summary>
    public const string VersionsFile = "tool-versions.tsv";

    /// <summary>The programs of <paramref name="preset"/>: its compiler, then its linker.</summary>
    public static IReadOnlyList<string> Programs(string preset) => preset == ClangUefiX64
        ? ["clang", "lld-link"]
        : throw new BadInputException(DiagnosticCodes.UnknownToolchain, $"unknown toolchain preset '{preset}'; the presets are: {ClangUefiX64}");

    /// <summary>What a tool binary is, without running it: its path, the file it resolves to, that file's size and modification time.</summary>
    public static string Identity(string tool)
    {
        var info = new FileInfo(tool);
        var resolved = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        return $"{tool}|{resolved.FullName}|{resolved.Length}|{resolved.LastWriteTimeUtc.Ticks}";
    }

    /// <param name="versionsFolder">Where <see cref="VersionsFile"/> is kept: the machine's cache folder, else the build cache.</param>
    public static async Task<Toolchain> LocateAsync(string preset, string versionsFolder, CancellationToken cancellation)
    {
        var programs = Programs(preset);
        var clang = ToolRunner.Find(programs[0]);
        var lld = ToolRunner.Find(programs[1]);
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
            throw new BadInputException(DiagnosticCodes.ToolchainMissing, $"the {ClangUefiX64} toolchain needs {what}, which {(missing.Count == 1 ? "is" : "are")} not installed; install with: sudo apt-get install {string.Join(' ', missing)}");
        }

        var versions = await VersionsAsync([clang!, lld!], versionsFolder, cancellation).ConfigureAwait(false);
        return new Toolchain(preset, clang!, lld!, versions[0], versions[1]);
    }

    private static async Task<string[]> VersionsAsync(string[] tools, string folder, CancellationToken cancellation)
    {
        // One line per tool binary: "identity<TAB>version".
        var file = Path.Combine(folder, VersionsFile);
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No record yet: ask the tools.
        }

        // Unknown tools are asked at once, side by side: on a clean cache this is on the critical path.
        var result = await Task.WhenAll(tools.Select(async tool =>
        {
            var identity = Identity(tool);
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
            try
            {
                Directory.CreateDirectory(folder);
                var temp = file + "." + Environment.ProcessId + ".tmp";
                await File.WriteAllLinesAsync(temp, known.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}\t{k.Value}"), cancellation).ConfigureAwait(false);
                File.Move(temp, file, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Only a memo: the next build asks the tools again.
            }
        }

        return result.Select(r => r.Version).ToArray();
    }
}
