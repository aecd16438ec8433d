namespace Flashsmith.Boot;

/// <summary>
/// The serial console of a boot, how it ended, and <see cref="EndLine"/>: the console line that ended it (the READY
/// or HALT line, or the firmware's refusal), trimmed, or null when none did.
/// </summary>
public sealed record BootResult(string Console, BootOutcome Outcome, string? EndLine = null)
{
    /// <summary>The console lines that start with <paramref name="prefix"/>, trimmed.</summary>
    public IReadOnlyList<string> Lines(string prefix) =>
        Console.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}
