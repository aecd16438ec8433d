namespace Flashsmith.Toolchains;

/// <summary>A preprocessor define from a recipe: <c>NAME</c> or <c>NAME=value</c>, NAME a C identifier.</summary>
public readonly record struct CompileDefine(string Name, string? Value)
{
    public const string Rule = "NAME or NAME=value, NAME a C identifier (letters, digits and '_', not starting with a digit) and the value without spaces";

    public static bool TryParse(string text, out CompileDefine define)
    {
        define = default;
        var at = text.IndexOf('=', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        var value = at < 0 ? null : text[(at + 1)..];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            || value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            return false;
        }

        define = new CompileDefine(name, value);
        return true;
    }

    /// <summary>The compiler flag that defines it.</summary>
    public string Flag => Value is null ? $"-D{Name}" : $"-D{Name}={Value}";

    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}
