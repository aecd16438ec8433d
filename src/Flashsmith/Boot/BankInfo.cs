using Flashsmith.Signing;

namespace Flashsmith.Boot;

/// <summary>
/// One boot bank of a disk as found: its partition, its boot.cfg (null for an empty bank), what its manifest
/// says it holds, and every check of it (its chain, and its blocks against the seal it carries).
/// </summary>
public sealed record BankInfo(string Partition, long Offset, long Size, BootConfig? Config, string? Problem, string? Product, string? Version, string? Target, IReadOnlyList<VerificationCheck> Checks)
{
    public bool IsEmpty => Config is null && Problem is null;

    /// <summary>How a boot of this bank ends, as its manifest says.</summary>
    public BootPatterns Boot { get; init; } = BootPatterns.Default;

    public bool Verifies => Config is not null && Checks.All(c => c.Passed);

    /// <summary>What the loader would boot: a valid or upgrading bank.</summary>
    public bool IsBootable => Config is { State: BankState.Valid or BankState.Upgrading };

    /// <summary>The failed checks, each "subject: problem".</summary>
    public IReadOnlyList<string> Problems => [.. Problem is null ? [] : new[] { Problem }, .. Checks.Where(c => !c.Passed).Select(c => $"{c.Subject}: {c.Problem}")];
}
