namespace Flashsmith.Devices;

/// <summary>
/// Lookups in sysfs: from a device number or a kernel name to the device's folder (symbolic links
/// resolved), a folder's attributes, and the way down through device-mapper and md slaves to whole disks.
/// Devices come and go while we read (other loop devices, a key pulled out): a vanished file reads as absent.
/// </summary>
public sealed class SysfsTree(SystemRoots roots)
{
    public SystemRoots Roots { get; } = roots;

    /// <summary>The folder of the block device numbered <paramref name="number"/>, or null when there is none.</summary>
    public string? FolderOf(DeviceNumber number) => Existing(Path.Combine(Roots.Sys, "dev", "block", number.ToString()));

    /// <summary>The folder of the block device (disk or partition) the kernel calls <paramref name="name"/>.</summary>
    public string? FolderOfName(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            return null;
        }

        var found = Existing(Path.Combine(Roots.Sys, "class", "block", name)) ?? Existing(Path.Combine(Roots.Sys, "block", name));
        if (found is not null)
        {
            return found;
        }

        foreach (var disk in Entries(Path.Combine(Roots.Sys, "block")))
        {
            var partition = Existing(Path.Combine(disk, name));
            if (partition is not null && IsPartition(partition))
            {
                return partition;
            }
        }

        return null;
    }

    /// <summary>The folder of a device named by its node, as mountinfo and /proc/swaps write it (<c>/dev/mapper/root</c>).</summary>
    public string? FolderOfDevicePath(string path) =>
        path.StartsWith('/') ? FolderOfName(Path.GetFileName(PathResolver.Canonical(Roots.FromKernelPath(path)))) : null;

    /// <summary>An attribute's text, trimmed; null when it is absent, unreadable or blank.</summary>
    public string? Read(string folder, string attribute)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(folder, attribute)).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public DeviceNumber? Number(string folder) => DeviceNumber.TryParse(Read(folder, "dev"), out var number) ? number : null;

    public bool IsPartition(string folder) => File.Exists(Path.Combine(folder, "partition"));

    /// <summary>The devices in <paramref name="folder"/>'s <c>slaves</c> or <c>holders</c> list, as folders.</summary>
    public IReadOnlyList<string> Linked(string folder, string list) =>
        [.. Entries(Path.Combine(folder, list)).Order(StringComparer.Ordinal).Select(Existing).OfType<string>()];

    /// <summary>"sdb", or for device-mapper "dm-0 (cryptroot)".</summary>
    public string Label(string folder)
    {
        var name = Path.GetFileName(folder);
        var mapped = Read(folder, Path.Combine("dm", "name"));
        return mapped is null ? name : $"{name} ({mapped})";
    }

    /// <summary>
    /// The whole disks under the device in <paramref name="folder"/>, with the partition or disk used
    /// and the devices passed on the way (lowest first): the device itself, or the disk of a partition,
    /// and under a device-mapper or md device (or a partition of one) every disk under its slaves.
    /// </summary>
    internal IReadOnlyList<(string Disk, string Device, IReadOnlyList<string> Through)> DisksUnder(string folder)
    {
        var found = new List<(string, string, IReadOnlyList<string>)>();
        Walk(folder, [], found, new HashSet<string>(StringComparer.Ordinal));
        return found;
    }

    private void Walk(string folder, IReadOnlyList<string> above, List<(string, string, IReadOnlyList<string>)> found, HashSet<string> visited)
    {
        if (!visited.Add(folder))
        {
            return;
        }

        var disk = IsPartition(folder) ? Path.GetDirectoryName(folder)! : folder;
        found.Add((Path.GetFileName(disk), Path.GetFileName(folder), above));
        var slaves = Linked(disk, "slaves");
        if (slaves.Count > 0)
        {
            IReadOnlyList<string> through = [Label(disk), .. above];
            foreach (var slave in slaves)
            {
                Walk(slave, through, found, visited);
            }
        }
    }

    private static string? Existing(string path)
    {
        try
        {
            if (!Directory.Exists(path))
            {
                return null;
            }

            return PathResolver.Canonical(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Entries(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
