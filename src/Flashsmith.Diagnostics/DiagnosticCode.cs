namespace Flashsmith.Diagnostics;

/// <summary>
/// A stable code for one kind of problem (<c>FS1005</c>), with the text <c>flashsmith explain</c> prints:
/// what it means, an input that triggers it and how to fix it. The first digit names the area.
/// </summary>
public sealed record DiagnosticCode(string Id, string Title, string Meaning, string Example, string Fix)
{
    /// <summary>The area the code's first digit stands for.</summary>
    public DiagnosticArea Area => (DiagnosticArea)(Id[2] - '0');

    public override string ToString() => Id;
}
