namespace Flashsmith.Pipeline;

/// <summary>
/// The bytes of every component not compiled here, by name: prebuilt drivers and a prebuilt core checked against
/// their pinned SHA-256, and files taken, written or packed as the recipe says.
/// </summary>
public sealed record CollectOutput(IReadOnlyDictionary<string, byte[]> Components);
