using Flashsmith.Signing;

namespace Flashsmith.Verification;

/// <summary>What <c>verify</c> found of a key or an image: which it was, every check, and a key's unit record (null: none, or an image).</summary>
public sealed record TargetVerification(bool IsKey, IReadOnlyList<VerificationCheck> Checks, string? UnitRecord);
