namespace Flashsmith.Reproducibility;

/// <summary>
/// The git commit a project was built from, and the files a build uses that differ from it. The
/// commit comes from <see cref="CommitVariable"/> when set (a copy of a checkout, as reproduce makes,
/// has no .git of its own), else from git when the project is a git checkout, else there is none.
/// </summary>
public static class SourceRevision
{
    public const string CommitVariable = "FLASHSMITH_SOURCE_COMMIT";

    public static string? Commit(string projectRoot, Func<string, string?> environment)
    {
        if (environment(CommitVariable) is { Length: > 0 } given)
        {
            return given.Trim();
        }

        var result = Git(projectRoot, "rev-parse", "--verify", "HEAD");
        return result is { ExitCode: 0 } ? result.Value.Output.Trim() : null;
    }

    /// <summary>
    /// The files under <paramref name="paths"/> that are modified, added, deleted or untracked against
    /// the commit, relative to the project root, in ordinal order; null when the project is not a git checkout.
    /// </summary>
    public static IReadOnlyList<string>? Uncommitted(string projectRoot, IEnumerable<string> paths)
    {
        var relative = paths.Select(p => Path.GetRelativePath(projectRoot, p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var result = Git(projectRoot, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", .. relative]);
        if (result is not { ExitCode: 0 })
        {
            return null;
        }

        var prefix = Git(projectRoot, "rev-parse", "--show-prefix")?.Output.Trim() ?? string.Empty;
        var files = new List<string>();
        var entries = result.Value.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length < 4)
            {
                continue;
            }

            // Paths are relative to the repository's top; a rename is followed by its old name.
            var path = entry[3..];
            files.Add(path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path);
            if (entry[0] is 'R' or 'C')
            {
                i++;
            }
        }

        return files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static (int ExitCode, string Output)? Git(string folder, params string[] arguments)
    {
        if (!Directory.Exists(folder) || Toolchains.ToolRunner.Find("git") is not { } git)
        {
            return null;
        }

        var result = Toolchains.ToolRunner.RunAsync(git, arguments, folder, CancellationToken.None).GetAwaiter().GetResult();
        return (result.ExitCode, result.Output);
    }
}
