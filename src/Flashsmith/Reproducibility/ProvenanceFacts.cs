namespace Flashsmith.Reproducibility;

/// <summary>
/// What provenance records beyond the plan: whether this was a release build, the git commit of the
/// sources (null outside a checkout), and the SHA-256 of each compiled component's image as the linker
/// wrote it, before signing (by component name).
/// </summary>
public sealed record ProvenanceFacts(bool Release, string? Commit, IReadOnlyDictionary<string, string> CompiledSha256)
{
    public static ProvenanceFacts None { get; } = new(false, null, new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>A line that changes whenever the facts do, for the key of a build's outputs.</summary>
    public string Key() =>
        $"{Release}\n{Commit}\n{string.Join('\n', CompiledSha256.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}";
}
