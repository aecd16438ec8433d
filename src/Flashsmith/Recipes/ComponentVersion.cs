using System.Globalization;

namespace Flashsmith.Recipes;

/// <summary>
/// A component version: one to four dot-separated numbers and an optional pre-release
/// suffix ("8.0.3", "2.1-rc1"). Missing numbers compare as zero; a pre-release sorts before its release.
/// </summary>
public sealed record ComponentVersion(IReadOnlyList<int> Numbers, string Suffix) : IComparable<ComponentVersion>
{
    public static bool TryParse(string text, out ComponentVersion version)
    {
        version = new ComponentVersion([0], string.Empty);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var numeric = dash < 0 ? text : text[..dash];
        var suffix = dash < 0 ? string.Empty : text[(dash + 1)..];
        if (dash >= 0 && (suffix.Length == 0 || !suffix.All(c => char.IsAsciiLetterOrDigit(c) || c == '.')))
        {
            return false;
        }

        var parts = numeric.Split('.');
        if (parts.Length > 4)
        {
            return false;
        }

        var numbers = new List<int>();
        foreach (var part in parts)
        {
            if (part.Length == 0 || part.Length > 9 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            numbers.Add(int.Parse(part, CultureInfo.InvariantCulture));
        }

        version = new ComponentVersion(numbers, suffix);
        return true;
    }

    public int CompareTo(ComponentVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Max(Numbers.Count, other.Numbers.Count); i++)
        {
            var a = i < Numbers.Count ? Numbers[i] : 0;
            var b = i < other.Numbers.Count ? other.Numbers[i] : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        if (Suffix.Length == 0 || other.Suffix.Length == 0)
        {
            return other.Suffix.Length.CompareTo(Suffix.Length);
        }

        return string.CompareOrdinal(Suffix, other.Suffix);
    }

    public bool Equals(ComponentVersion? other) => other is not null && CompareTo(other) == 0;

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() =>
        string.Join('.', Numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))) + (Suffix.Length > 0 ? "-" + Suffix : string.Empty);
}
