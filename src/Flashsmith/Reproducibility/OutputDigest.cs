namespace Flashsmith.Reproducibility;

/// <summary>An output that both sides hold with the same bytes: its name (target/file) and SHA-256.</summary>
public sealed record OutputDigest(string Output, string Sha256);
