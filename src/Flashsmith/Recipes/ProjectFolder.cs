using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>
/// The folder a recipe's paths must stay inside: the folder that holds <c>recipes/</c> when the
/// recipe lives under one, else the nearest folder above the recipe that holds a <c>recipes/</c>, else the
/// recipe's own folder. Symbolic links are followed, so a link
/// cannot lead a recipe out of it either.
/// </summary>
public sealed class ProjectFolder
{
    /// <summary>The folder that makes a folder a project: its recipes, with the OEM targets in its oem/.</summary>
    public const string RecipesFolder = "recipes";

    /// <summary>Where a build writes its images by default, under the project's root.</summary>
    public const string ImagesFolder = "images";

    private const int MaxLinkHops = 40;

    private ProjectFolder(string root)
    {
        Root = root;
        RealRoot = RealPath(root) ?? root;
    }

    public string Root { get; }

    public string RealRoot { get; }

    public static ProjectFolder For(string recipePath) => Containing(Path.GetDirectoryName(Path.GetFullPath(recipePath))!);

    /// <summary>
    /// The project <paramref name="folder"/> is in, as commands find it from the current folder: the folder that holds
    /// the <c>recipes/</c> it is under, else the nearest folder at or above it that holds a <c>recipes/</c>, else itself.
    /// </summary>
    public static ProjectFolder Containing(string folder)
    {
        var directory = Path.GetFullPath(folder);
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Path.GetFileName(current) == RecipesFolder && Path.GetDirectoryName(current) is { } parent)
            {
                return new ProjectFolder(parent);
            }
        }

        // A recipe outside recipes/ (an example beside its payload) belongs to the nearest folder above it that holds one, as git finds .git.
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(Path.Combine(current, RecipesFolder)))
            {
                return new ProjectFolder(current);
            }
        }

        return new ProjectFolder(directory);
    }

    /// <summary>How a path appears in messages: relative to the working folder when under it.</summary>
    public static string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }

    /// <summary>
    /// Resolves <paramref name="value"/>, written in a file in <paramref name="baseDirectory"/>, to a full
    /// path inside the project folder that exists and is of the expected kind; reports why not.
    /// </summary>
    /// <remarks>A null <paramref name="expectDirectory"/> takes a file or a folder.</remarks>
    public string? Resolve(Sourced<string> value, string baseDirectory, string keyPath, bool? expectDirectory, DiagnosticBag diagnostics)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, value.Value));
        if (!IsInside(full, Root))
        {
            diagnostics.Add(DiagnosticCodes.PathOutsideProject, value.Position, $"'{keyPath}' names '{value.Value}', which leads outside the project folder {Display(Root)}");
            return null;
        }

        var real = RealPath(full);
        if (real is null)
        {
            diagnostics.Add(DiagnosticCodes.PathOutsideProject, value.Position, $"'{keyPath}' names '{value.Value}', whose symbolic links form a loop");
            return null;
        }

        if (!IsInside(real, RealRoot))
        {
            diagnostics.Add(DiagnosticCodes.PathOutsideProject, value.Position, $"'{keyPath}' names '{value.Value}', a symbolic link to '{real}', outside the project folder {Display(Root)}");
            return null;
        }

        var isDirectory = Directory.Exists(real);
        var isFile = File.Exists(real);
        if (!isDirectory && !isFile)
        {
            diagnostics.Add(DiagnosticCodes.PathMissing, value.Position, $"'{keyPath}' names '{value.Value}', which does not exist ({Display(full)})");
            return null;
        }

        if (expectDirectory is { } expected && expected != isDirectory)
        {
            var want = expected ? "a folder" : "a file";
            var have = isDirectory ? "a folder" : "a file";
            diagnostics.Add(DiagnosticCodes.PathMissing, value.Position, $"'{keyPath}' names '{value.Value}', which is {have}, not {want}");
            return null;
        }

        return full;
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link resolved, like realpath(3); null on a link loop.</summary>
    private static string? RealPath(string fullPath)
    {
        var pending = new Queue<string>(fullPath.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = Path.GetPathRoot(fullPath) ?? "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Dequeue();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }

                // Restart from the root with the link's target in place of the link.
                var rest = pending.ToList();
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                pending = new Queue<string>(resolved.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = Path.GetPathRoot(fullPath) ?? "/";
                continue;
            }

            current = next;
        }

        return current;
    }
}
