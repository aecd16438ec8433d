namespace Flashsmith.Pipeline;

/// <summary>
/// Where outputs go (one subfolder per target), where the cache lives (null: the project's
/// .flashsmith/cache) and how many compilers may run at once.
/// </summary>
public sealed record BuildOptions(string OutputRoot, string? CacheFolder, int Jobs);
