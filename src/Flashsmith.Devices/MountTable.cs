using System.Text;

namespace Flashsmith.Devices;

/// <summary>The mounts of this process's mount namespace, parsed from <c>/proc/self/mountinfo</c>.</summary>
public sealed class MountTable(IReadOnlyList<MountEntry> entries)
{
    public IReadOnlyList<MountEntry> Entries { get; } = entries;

    public static MountTable Read(SystemRoots roots) =>
        Parse(File.ReadAllText(Path.Combine(roots.Proc, "self", "mountinfo")));

    /// <summary>Parses mountinfo; lines that do not have its shape are skipped.</summary>
    public static MountTable Parse(string text)
    {
        var entries = new List<MountEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            var fields = line.Split(' ');
            var separator = fields.Length < 7 ? -1 : Array.IndexOf(fields, "-", 6);
            if (separator < 0 || separator + 2 >= fields.Length || !DeviceNumber.TryParse(fields[2], out var device))
            {
                continue;
            }

            entries.Add(new MountEntry(device, Unescape(fields[3]), Unescape(fields[4]), fields[5], Unescape(fields[separator + 1]), Unescape(fields[separator + 2])));
        }

        return new MountTable(entries);
    }

    /// <summary>
    /// The mount that holds <paramref name="path"/> (an absolute path with symbolic links resolved):
    /// the one with the longest mount point above it; of equal ones, the last, which hides the others.
    /// </summary>
    public MountEntry? Containing(string path)
    {
        MountEntry? best = null;
        foreach (var entry in Entries)
        {
            if (IsUnder(path, entry.MountPoint) && (best is null || entry.MountPoint.Length >= best.MountPoint.Length))
            {
                best = entry;
            }
        }

        return best;
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/"
        || path == mountPoint
        || (path.StartsWith(mountPoint, StringComparison.Ordinal) && path[mountPoint.Length] == '/');

    /// <summary>The kernel writes space, tab, newline and backslash as octal escapes (<c>\040</c>).</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                text.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(string field, int start) =>
        start + 3 <= field.Length && field.AsSpan(start, 3).IndexOfAnyExceptInRange('0', '7') < 0;
}
