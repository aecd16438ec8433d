using System.Text.RegularExpressions;

namespace Flashsmith.Fuzz;

/// <summary>
/// What tells one bug from another among afl's findings: the exception's type and the first frame of the project's
/// code it passed through. For a command that exited 1, both are read from what the command printed.
/// </summary>
public static partial class FindingSignature
{
    public static string Of(Exception finding)
    {
        var text = finding is FuzzFindingException ? finding.Message : finding.ToString();
        var type = ExceptionType().Match(text) is { Success: true } m ? m.Groups[1].Value : finding.GetType().FullName!;
        var frame = ProjectFrame().Matches(text).Select(f => f.Groups[1].Value).FirstOrDefault(f => !f.StartsWith("Flashsmith.Fuzz.", StringComparison.Ordinal) && !f.StartsWith("Flashsmith.Cli.CommandGuard", StringComparison.Ordinal));
        return frame is null ? $"{type}: {Stable(finding.Message)}" : $"{type} at {frame}";
    }

    /// <summary>The first line of a message without the numbers and paths that differ between inputs.</summary>
    private static string Stable(string message) => Numbers().Replace(Paths().Replace(message.Split('\n')[0], "PATH"), "N");

    [GeneratedRegex(@"^((?:System|Flashsmith)(?:\.\w+)*(?:Exception|Error)):", RegexOptions.Multiline)]
    private static partial Regex ExceptionType();

    [GeneratedRegex(@"^\s+at (Flashsmith\.[\w.`<>]+)\(", RegexOptions.Multiline)]
    private static partial Regex ProjectFrame();

    [GeneratedRegex(@"/\S+")]
    private static partial Regex Paths();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
