namespace Flashsmith.Disk.Fat;

/// <summary>Copies a file, or a folder with everything under it, out of a FAT volume into a folder of the host.</summary>
public static class FatExtractor
{
    /// <summary>
    /// Copies <paramref name="path"/> into <paramref name="destination"/> (made when missing): a file under its
    /// own name, a folder as a folder of that name (the root as its contents). Each file is written under a
    /// temporary name and renamed when complete. Returns how many files were copied.
    /// </summary>
    /// <exception cref="FileExistsException">A file to write exists and <paramref name="overwrite"/> is false.</exception>
    public static int Extract(FatFileSystem fs, string path, string destination, bool overwrite)
    {
        var item = fs.Find(path);
        if (item is not null && !item.IsDirectory)
        {
            Directory.CreateDirectory(destination);
            Copy(fs, item, path, Inside(destination, path, item.Name), overwrite);
            return 1;
        }

        var count = 0;
        var root = item is null ? string.Empty : item.Name;
        foreach (var (entryPath, entry) in fs.Walk(path))
        {
            var relative = entryPath[path.TrimEnd('/').Length..].TrimStart('/');
            var target = Inside(destination, entryPath, root, relative);
            if (entry.IsDirectory)
            {
                Directory.CreateDirectory(target);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Copy(fs, entry, entryPath, target, overwrite);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Where the entry at <paramref name="path"/> goes: <paramref name="parts"/> under <paramref name="destination"/>,
    /// never outside it, whatever names a damaged volume holds.
    /// </summary>
    private static string Inside(string destination, string path, params string[] parts)
    {
        var root = Path.GetFullPath(destination);
        var target = Path.GetFullPath(Path.Combine([root, .. parts]));
        if (target != root && !target.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDiskImageException($"'{path}' would be written outside {destination}: its name is not a file name");
        }

        return target;
    }

    private static void Copy(FatFileSystem fs, FatDirectoryItem item, string path, string target, bool overwrite)
    {
        if (File.Exists(target) && !overwrite)
        {
            throw new FileExistsException(target);
        }

        var partial = target + ".partial";
        using (var file = File.Create(partial))
        {
            fs.CopyFile(item, path, file);
        }

        File.Move(partial, target, overwrite: true);
    }
}
