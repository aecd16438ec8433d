namespace Flashsmith.Pipeline;

/// <summary>Where the target's outputs landed, and the image's SHA-256.</summary>
public sealed record EmitOutput(string Folder, string ImagePath, string ImageSha256, IReadOnlyList<string> Files);
