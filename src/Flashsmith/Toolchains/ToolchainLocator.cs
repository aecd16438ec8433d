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

    /// <summary>The guest preset: clang for x86_64-elf, ld.lld with a linker script, llvm-objcopy to a flat binary.</summary>
    public const string ClangElfX64 = "clang-elf-x64";

    public static readonly IReadOnlyList<string> Presets = [ClangUefiX64, ClangElfX64];

    /// <summary>The file, in the versions folder, that remembers each tool binary's version.</summary>
    public const string VersionsFile = "tool-versions.tsv";

    /// <summary>The programs of <paramref name="preset"/>: its compiler, its linker, then its converter if it has one.</summary>
    public static IReadOnlyList<string> Programs(string preset) => preset switch
    {
        ClangUefiX64 => ["clang", "lld-link"],
        ClangElfX64 => ["clang", "ld.lld", "llvm-objcopy"],
        _ => throw new BadInputException(DiagnosticCodes.UnknownToolchain, $"unknown toolchain preset '{preset}'; the presets are: {string.Join(", ", Presets)}"),
    };

    /// <summary>The Debian package that installs each program.</summary>
    private static string PackageOf(string program) => program switch
    {
        "lld-link" or "ld.lld" => "lld",
        "llvm-objcopy" => "llvm",
        _ => program,
    };

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
        var tools = programs.Select(ToolRunner.Find).ToList();
        var missing = programs.Where((_, i) => tools[i] is null).ToList();
        if (missing.Count > 0)
        {
            var packages = missing.Select(PackageOf).Distinct();
            throw new BadInputException(DiagnosticCodes.ToolchainMissing, $"the {preset} toolchain needs {string.Join(" and ", missing)}, which {(missing.Count == 1 ? "is" : "are")} not installed; install with: sudo apt-get install {string.Join(' ', packages)}");
        }

        var versions = await VersionsAsync([.. tools.Select(t => t!)], versionsFolder, cancellation).ConfigureAwait(false);
        return new Toolchain(preset, tools[0]!, tools[1]!, versions[0], versions[1], tools.Count > 2 ? tools[2] : null, versions.Length > 2 ? versions[2] : null);
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
            // The first line names the version, but for llvm-objcopy, whose first line names the tool: take a line that says "version" when there is one.
            var lines = (run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
            version = lines.FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "unknown";
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
