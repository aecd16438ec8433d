using Flashsmith.Disk.Fat;

namespace Flashsmith.Recipes;

/// <summary>
/// Paths inside a partition or an archive, as a recipe writes them (<c>/vmlinuz</c>, <c>/EFI/BOOT/xen.cfg</c>):
/// absolute, separated by '/', each name one FAT can hold. FAT compares names without case, so two paths collide
/// when they are equal ignoring case.
/// </summary>
public static class PartitionPaths
{
    /// <summary>How paths compare in a FAT volume.</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>The path with one leading '/' and no empty parts, or false and why it is not a usable path.</summary>
    public static bool TryNormalize(string value, out string normal, out string? problem)
    {
        normal = string.Empty;
        if (!value.StartsWith('/'))
        {
            problem = "start it with '/', such as /vmlinuz";
            return false;
        }

        var names = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            problem = "it names the root folder; name a file";
            return false;
        }

        foreach (var name in names)
        {
            if (FatNames.Problem(name) is { } why)
            {
                problem = $"the name '{name}' {why}";
                return false;
            }
        }

        normal = "/" + string.Join('/', names);
        problem = null;
        return true;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsUnder(string path, string folder) =>
        Comparer.Equals(path, folder) || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);
}
