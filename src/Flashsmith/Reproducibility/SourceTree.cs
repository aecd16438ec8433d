using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>
/// The deepest folder that holds the parent of every source folder of a plan (<c>src/firmware</c> for the sample, and
/// for a plan that compiles only the loader): sources include headers beside their folders through relative paths,
/// so this is what a build reads of them.
/// </summary>
public static class SourceTree
{
    public static string? Root(IEnumerable<BuildPlan> plans)
    {
        string? common = null;
        foreach (var folder in plans.SelectMany(p => p.Components).Select(c => c.SourceFolder).OfType<string>())
        {
            // Sources include headers beside their own folder (../include), so the tree starts one folder up.
            var full = Path.GetDirectoryName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)) ?? string.Empty;
            if (common is null)
            {
                common = full;
                continue;
            }

            while (common != full && !full.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                common = Path.GetDirectoryName(common) ?? string.Empty;
            }
        }

        return string.IsNullOrEmpty(common) ? null : common;
    }

    /// <summary>The headers under the plan's source tree, which its sources may include.</summary>
    public static IEnumerable<string> Headers(BuildPlan plan) =>
        Root([plan]) is { } root && Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.h", SearchOption.AllDirectories)
            : [];
}
