using System.Text;

namespace Flashsmith.Disk.Fat;

/// <summary>What names FAT can hold, and the 8.3 short name of a long one.</summary>
public static class FatNames
{
    public const int MaxLongNameLength = 255;
    private const string ForbiddenInLongNames = "\"*/:<>?\\|";
    private const string AllowedShortPunctuation = "$%'-_@~`!(){}^#&";

    /// <summary>The characters no short name holds (Microsoft FAT specification, section 6.1), besides those below 0x20.</summary>
    private const string ForbiddenInShortNames = "\"*+,./:;<=>?[\\]|\x7F";

    private static readonly HashSet<string> ReservedDevices = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// Why the 11 bytes of a short name read from a volume are not a short name, or null when they are: a control
    /// character, a slash, a dot or another character short names may not hold, or a space first, would name a path
    /// other than the entry's own once unpacked. Not for the "." and ".." entries of a directory.
    /// </summary>
    public static string? ShortNameProblem(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < 11; i++)
        {
            var b = raw[i];
            if ((b < 0x20 && !(i == 0 && b == 0x05)) || ForbiddenInShortNames.Contains((char)b))
            {
                return $"holds the byte 0x{b:x2} at {i}, which short names may not";
            }
        }

        return raw[0] == (byte)' ' ? "starts with a space, which short names may not" : null;
    }

    /// <summary>Why FAT cannot hold <paramref name="name"/>, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0 || name is "." or "..")
        {
            return "is not a file name";
        }

        if (name.Length > MaxLongNameLength)
        {
            return $"is {name.Length} characters long; FAT names hold at most {MaxLongNameLength}";
        }

        var bad = name.FirstOrDefault(c => c < 0x20 || ForbiddenInLongNames.Contains(c));
        if (bad != '\0')
        {
            return bad < 0x20 ? $"holds the control character 0x{(int)bad:x2}" : $"holds '{bad}', which FAT names may not";
        }

        if (name.EndsWith('.') || name.EndsWith(' '))
        {
            return "ends in a dot or a space, which FAT drops";
        }

        var stem = name.Split('.')[0].TrimEnd(' ');
        if (ReservedDevices.Contains(stem))
        {
            return $"is the reserved device name '{stem.ToUpperInvariant()}'";
        }

        return null;
    }

    /// <summary>
    /// The 11-byte short name for <paramref name="longName"/>, unique among <paramref name="taken"/>:
    /// the name itself when it is a valid upper-case 8.3 name, else a basis name with a "~N" tail.
    /// </summary>
    public static byte[] ShortNameFor(string longName, ISet<string> taken, out bool needsLongName)
    {
        var exact = ExactShortName(longName);
        if (exact is not null && !taken.Contains(exact))
        {
            needsLongName = false;
            taken.Add(exact);
            return Pack(exact);
        }

        needsLongName = true;
        var (basis, extension, lossy) = Basis(longName);
        var plain = basis + (extension.Length > 0 ? "." + extension : string.Empty);
        if (!lossy && taken.Add(plain))
        {
            // Only the case differs ("boot.cfg"): the basis itself is the short name, as the specification allows.
            return Pack(plain);
        }

        for (var n = 1; n < 1_000_000; n++)
        {
            var tail = "~" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stem = basis.Length + tail.Length > 8 ? basis[..(8 - tail.Length)] : basis;
            var candidate = stem + tail + (extension.Length > 0 ? "." + extension : string.Empty);
            if (taken.Add(candidate))
            {
                return Pack(candidate);
            }
        }

        throw new DiskFormatException($"no short name is left for '{longName}'");
    }

    /// <summary>Turns "NAME.EXT" into the 11 bytes of a directory entry, space-padded; a leading 0xE5 is stored as 0x05.</summary>
    public static byte[] Pack(string shortName)
    {
        var dot = shortName.IndexOf('.', StringComparison.Ordinal);
        var stem = dot < 0 ? shortName : shortName[..dot];
        var ext = dot < 0 ? string.Empty : shortName[(dot + 1)..];
        var bytes = Encoding.ASCII.GetBytes(stem.PadRight(8) + ext.PadRight(3));
        if (bytes[0] == 0xE5)
        {
            bytes[0] = 0x05;
        }

        return bytes;
    }

    /// <summary>Turns the 11 bytes of a directory entry back into "NAME.EXT", lower-casing the parts its case flags say.</summary>
    public static string Unpack(ReadOnlySpan<byte> bytes, byte caseFlags = 0)
    {
        var raw = bytes[..11].ToArray();
        if (raw[0] == 0x05)
        {
            raw[0] = 0xE5;
        }

        var stem = Encoding.Latin1.GetString(raw, 0, 8).TrimEnd(' ');
        var ext = Encoding.Latin1.GetString(raw, 8, 3).TrimEnd(' ');
        stem = (caseFlags & DirectoryEntry.LowerCaseBase) != 0 ? stem.ToLowerInvariant() : stem;
        ext = (caseFlags & DirectoryEntry.LowerCaseExtension) != 0 ? ext.ToLowerInvariant() : ext;
        return ext.Length == 0 ? stem : stem + "." + ext;
    }

    private static string? ExactShortName(string name)
    {
        var dot = name.LastIndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        var ext = dot < 0 ? string.Empty : name[(dot + 1)..];
        if (stem.Length is 0 or > 8 || ext.Length > 3 || (dot >= 0 && ext.Length == 0) || stem.Contains('.'))
        {
            return null;
        }

        return stem.All(IsShortChar) && ext.All(IsShortChar) ? name : null;
    }

    private static bool IsShortChar(char c) => c is >= 'A' and <= 'Z' or >= '0' and <= '9' || AllowedShortPunctuation.Contains(c);

    /// <summary>The basis name and extension, and whether anything was lost making them (a tail is then needed).</summary>
    private static (string Basis, string Extension, bool Lossy) Basis(string longName)
    {
        var name = longName.TrimStart('.').Replace(" ", string.Empty, StringComparison.Ordinal);
        var dot = name.LastIndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        var ext = dot < 0 ? string.Empty : name[(dot + 1)..];
        var lossy = name.Length != longName.Length || stem.Contains('.') || stem.Length > 8 || ext.Length > 3
            || !stem.All(c => IsShortChar(char.ToUpperInvariant(c))) || !ext.All(c => IsShortChar(char.ToUpperInvariant(c)));
        static string Clean(string part, int max) =>
            new(part.Replace(".", string.Empty, StringComparison.Ordinal)
                .Select(c => char.ToUpperInvariant(c))
                .Select(c => IsShortChar(c) ? c : '_')
                .Take(max)
                .ToArray());
        var basis = Clean(stem, 8);
        return (basis.Length == 0 ? "_" : basis, Clean(ext, 3), lossy || basis.Length == 0);
    }
}
