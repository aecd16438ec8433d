namespace Flashsmith.Diagnostics;

/// <summary>One problem with the input, at one place.</summary>
public sealed record Diagnostic(SourcePosition Position, string Message)
{
    /// <summary>The one-line form every command prints: "error: file:line:column: message".</summary>
    public override string ToString() => $"error: {Position}: {Message}";
}
