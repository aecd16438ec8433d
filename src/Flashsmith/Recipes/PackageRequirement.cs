namespace Flashsmith.Recipes;

/// <summary>A package name with an optional version constraint: "hp-ilo-ipmi >= 2.0".</summary>
public sealed record PackageRequirement(string Name, string? Operator, ComponentVersion? Version)
{
    private static readonly string[] Operators = [">=", "<=", "!=", "==", ">", "<", "="];

    public static bool TryParse(string text, out PackageRequirement requirement)
    {
        requirement = new PackageRequirement(string.Empty, null, null);
        var trimmed = text.Trim();
        var cut = trimmed.IndexOfAny(['>', '<', '=', '!']);
        var name = (cut < 0 ? trimmed : trimmed[..cut]).Trim();
        if (!RecipeNames.IsValid(name))
        {
            return false;
        }

        if (cut < 0)
        {
            requirement = new PackageRequirement(name, null, null);
            return true;
        }

        var rest = trimmed[cut..];
        var op = Operators.FirstOrDefault(o => rest.StartsWith(o, StringComparison.Ordinal));
        if (op is null || !ComponentVersion.TryParse(rest[op.Length..].Trim(), out var version))
        {
            return false;
        }

        requirement = new PackageRequirement(name, op == "==" ? "=" : op, version);
        return true;
    }

    /// <summary>Whether <paramref name="candidate"/> satisfies the constraint (always, when there is none).</summary>
    public bool IsSatisfiedBy(ComponentVersion candidate)
    {
        if (Version is null)
        {
            return true;
        }

        var order = candidate.CompareTo(Version);
        return Operator switch
        {
            ">=" => order >= 0,
            "<=" => order <= 0,
            ">" => order > 0,
            "<" => order < 0,
            "!=" => order != 0,
            _ => order == 0,
        };
    }

    public override string ToString() => Version is null ? Name : $"{Name} {Operator} {Version}";
}
