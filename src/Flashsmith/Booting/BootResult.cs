namespace Flashsmith.Booting;

/// <summary>The serial console of a boot and how it ended.</summary>
public sealed record BootResult(string Console, BootOutcome Outcome)
{
    /// <summary>The console lines that start with <paramref name="prefix"/>, trimmed.</summary>
    public IReadOnlyList<string> Lines(string prefix) =>
        Console.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}
