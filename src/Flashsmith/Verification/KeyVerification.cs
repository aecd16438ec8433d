using Flashsmith.Signing;

namespace Flashsmith.Verification;

/// <summary>What checking a key found: every check, the key seal's statement when it held, and the unit record's text when there is one.</summary>
public sealed record KeyVerification(IReadOnlyList<VerificationCheck> Checks, KeySealStatement? Statement, string? UnitRecord)
{
    public bool Passed => Checks.All(c => c.Passed);
}
