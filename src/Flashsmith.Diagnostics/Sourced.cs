namespace Flashsmith.Diagnostics;

/// <summary>A recipe value together with where it was written.</summary>
public readonly record struct Sourced<T>(T Value, SourcePosition Position)
{
    public override string ToString() => Value?.ToString() ?? string.Empty;
}
