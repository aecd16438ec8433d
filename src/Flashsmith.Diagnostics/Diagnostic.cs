namespace Flashsmith.Diagnostics;

/// <summary>One problem, with its code, at one place in a file or (for arguments, devices and paths) at none.</summary>
public sealed record Diagnostic(DiagnosticCode Code, SourcePosition? Position, string Message)
{
    public Diagnostic(DiagnosticCode code, string message)
        : this(code, null, message)
    {
    }

    /// <summary>A printed line without its leading "error FS1005: " (or "error: "), as when another run's errors are quoted.</summary>
    public static string WithoutPrefix(string line)
    {
        var match = System.Text.RegularExpressions.Regex.Match(line, "^error( FS[0-9]{4})?: ");
        return match.Success ? line[match.Length..] : line;
    }

    /// <summary>The one-line form every command prints: "file:line:column: error FS1005: message", or "error FS0001: message".</summary>
    public override string ToString() =>
        Position is { } at ? $"{at}: error {Code.Id}: {Message}" : $"error {Code.Id}: {Message}";
}
