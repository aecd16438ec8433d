using System.Globalization;

namespace Flashsmith.Diagnostics;

/// <summary>A place in a recipe file; lines and columns count from 1.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public static SourcePosition StartOf(string file) => new(file, 1, 1);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}");
}
