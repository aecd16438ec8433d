using System.Text.RegularExpressions;
using System.Text;
using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// Which devices a station writes: globs over device paths (<c>/dev/sd[b-e]</c>) or sysfs paths (the ports
/// of one hub: <c>/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.*/**</c>), separated by commas.
/// <c>*</c> and <c>?</c> stay within one folder, <c>**</c> crosses folders, <c>[…]</c> is a set of characters.
/// A glob matches a whole path, so a pattern written for a hub's ports never takes a fixed disk.
/// </summary>
public sealed class SlotPattern
{
    private readonly IReadOnlyList<Regex> globs;

    private SlotPattern(string text, IReadOnlyList<Regex> globs)
    {
        Text = text;
        this.globs = globs;
    }

    public string Text { get; }

    /// <summary>Reads <paramref name="text"/>; an empty glob, a relative one or an unclosed set is bad input.</summary>
    public static SlotPattern Parse(string text)
    {
        var globs = new List<Regex>();
        foreach (var glob in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!glob.StartsWith('/'))
            {
                throw new BadInputException(DiagnosticCodes.SlotPattern, $"--slots '{text}': '{glob}' is not an absolute path; give globs over device paths (/dev/sd[b-e]) or sysfs paths (/sys/devices/…/usb1/1-2/**)");
            }

            globs.Add(new Regex(ToRegex(glob, text), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }

        return new SlotPattern(text, globs);
    }

    /// <summary>Whether any glob matches the device node <paramref name="devicePath"/> or the device's sysfs folder <paramref name="sysfsFolder"/>.</summary>
    public bool Matches(string devicePath, string? sysfsFolder) =>
        globs.Any(g => g.IsMatch(devicePath) || (sysfsFolder is not null && g.IsMatch(sysfsFolder)));

    private static string ToRegex(string glob, string text)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    regex.Append(".*");
                    i++;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new BadInputException(DiagnosticCodes.SlotPattern, $"--slots '{text}': '{glob}' opens a set of characters with '[' and never closes it");
                    }

                    var set = glob[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Escape(set[1..]) : Escape(set)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();

        static string Escape(string set) => set.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
    }
}
