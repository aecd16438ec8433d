namespace Flashsmith.Devices;

/// <summary>
/// Absolute paths with every symbolic link resolved, component by component, the way
/// <c>realpath(3)</c> does: <c>/dev/disk/by-id/usb-…</c> becomes <c>/dev/sdb</c>. A missing tail is kept as written.
/// </summary>
internal static class PathResolver
{
    private const int MaxLinks = 40;

    public static string Canonical(string path)
    {
        // Not Path.GetFullPath: it folds "link/.." lexically, where the link's target is meant.
        var absolute = path.StartsWith('/') ? path : Path.Combine(Environment.CurrentDirectory, path);
        var pending = new Stack<string>(Components(absolute).Reverse());
        var result = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                result = Path.GetDirectoryName(result) ?? "/";
                continue;
            }

            var candidate = Path.Join(result, part);
            var target = LinkTarget(candidate);
            if (target is null)
            {
                result = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"{path}: too many levels of symbolic links");
            }

            if (target.StartsWith('/'))
            {
                result = "/";
            }

            foreach (var component in Components(target).Reverse())
            {
                pending.Push(component);
            }
        }

        return result;
    }

    private static string[] Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
