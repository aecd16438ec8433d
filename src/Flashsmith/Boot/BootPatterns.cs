using System.Text.RegularExpressions;

namespace Flashsmith.Boot;

/// <summary>
/// The console lines that end a boot of an image: <see cref="Ready"/> when it succeeded, <see cref="Halt"/> when it
/// failed. A recipe sets them for a core that is not ours; the bank's manifest carries them to whoever boots it.
/// </summary>
public sealed record BootPatterns(Regex Ready, Regex Halt)
{
    /// <summary>What our own core prints when it has started everything.</summary>
    public const string DefaultReady = "THINVISOR READY";

    /// <summary>What our loader and core print when they give up.</summary>
    public const string DefaultHalt = "THINVISOR HALT";

    /// <summary>How long one console line may take to match: a pattern comes from a recipe.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static readonly BootPatterns Default = new(Compile(DefaultReady), Compile(DefaultHalt));

    /// <summary>The pattern as a recipe or manifest writes it; throws <see cref="ArgumentException"/> when it is not a regular expression.</summary>
    public static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    public bool IsDefault => Ready.ToString() == DefaultReady && Halt.ToString() == DefaultHalt;
}
