namespace Flashsmith.Pipeline;

/// <summary>Each prebuilt driver's bytes, by driver name, checked against its pinned SHA-256.</summary>
public sealed record CollectOutput(IReadOnlyDictionary<string, byte[]> Modules);
