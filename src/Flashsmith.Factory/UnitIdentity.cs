using System.Globalization;
using System.Text;
using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// What makes a key one unit's: its serial, and optionally its host name and asset tag. Every rule
/// for these values lives here; a value that breaks one is never constructed.
/// </summary>
public sealed record UnitIdentity
{
    public const int MaxSerialLength = 64;
    public const int MaxHostnameLength = 253;
    public const int MaxLabelLength = 63;
    public const int MaxAssetTagLength = 64;

    /// <summary>Checks every value and throws one <see cref="BadInputException"/> naming each that breaks its rule.</summary>
    public UnitIdentity(string serial, string? hostname = null, string? assetTag = null)
    {
        string?[] problems = [SerialProblem(serial), hostname is null ? null : HostnameProblem(hostname), assetTag is null ? null : AssetTagProblem(assetTag)];
        if (problems.Any(p => p is not null))
        {
            throw new BadInputException(DiagnosticCodes.UnitsFile, [.. problems.OfType<string>()]);
        }

        Serial = serial;
        Hostname = hostname;
        AssetTag = assetTag;
    }

    public string Serial { get; }

    public string? Hostname { get; }

    public string? AssetTag { get; }

    /// <summary>Why <paramref name="value"/> is not a unit serial, or null when it is one.</summary>
    public static string? SerialProblem(string value) =>
        value.Length is >= 1 and <= MaxSerialLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"unit serial {Quote(value)} is not valid: a unit serial is 1 to {MaxSerialLength} of the characters A-Z, a-z, 0-9, '.', '_' and '-'";

    /// <summary>Why <paramref name="value"/> is not an RFC 1123 host name, or null when it is one.</summary>
    public static string? HostnameProblem(string value)
    {
        const string Rule = "a host name (RFC 1123) is at most 253 characters of dot-separated labels, each 1 to 63 letters, digits or '-', not starting or ending with '-'";
        if (value.Length > MaxHostnameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"host name {Quote(value)} is not valid: it is {value.Length} characters long; {Rule}");
        }

        foreach (var label in value.Split('.'))
        {
            var bad = label.Length == 0 ? "it has an empty label"
                : label.Length > MaxLabelLength ? string.Create(CultureInfo.InvariantCulture, $"its label {Quote(label)} is {label.Length} characters long")
                : !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $"its label {Quote(label)} has a character other than a letter, digit or '-'"
                : label[0] == '-' || label[^1] == '-' ? $"its label {Quote(label)} starts or ends with '-'"
                : null;
            if (bad is not null)
            {
                return $"host name {Quote(value)} is not valid: {bad}; {Rule}";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="value"/> is not an asset tag, or null when it is one.</summary>
    public static string? AssetTagProblem(string value) =>
        value.Length is >= 1 and <= MaxAssetTagLength && value.All(c => c is >= ' ' and <= '~')
            ? null
            : $"asset tag {Quote(value)} is not valid: an asset tag is 1 to {MaxAssetTagLength} printable ASCII characters (space to '~')";

    /// <summary>A value as messages show it: quoted, control characters escaped, very long ones cut.</summary>
    private static string Quote(string value)
    {
        const int Shown = 80;
        var text = new StringBuilder("'");
        foreach (var c in value.Length > Shown ? value[..Shown] : value)
        {
            text.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString());
        }

        return text.Append(value.Length > Shown ? "…'" : "'").ToString();
    }
}
