namespace Flashsmith.Pipeline;

/// <summary>The image's SHA-256 (lower-case hex) and the seal over it: a detached CMS signature, DER, written as &lt;image&gt;.p7s.</summary>
public sealed record SealOutput(string ImageSha256, byte[] Seal);
