namespace Flashsmith.Pipeline;

/// <summary>Where the target's outputs landed, the image's SHA-256, and whether they were already there.</summary>
public sealed record EmitOutput(string Folder, string ImagePath, string ImageSha256, IReadOnlyList<string> Files, bool UpToDate, SignatureInfo Signature);
