using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// Where outputs go (one subfolder per target), where the cache lives (null: the project's
/// .flashsmith/cache), how many compilers may run at once, the key that overrides the recipes'
/// (null: each recipe's own), whether this is a release (which refuses the development key), and
/// where environment variables come from (key passphrases), the shared remote cache (null: none), and what the
/// environment gave the plans (null: unknown, and then no build stamps are kept, see <see cref="BuildStamp"/>).
/// </summary>
public sealed record BuildOptions(string OutputRoot, string? CacheFolder, int Jobs, KeyReference? Key, bool Release, Func<string, string?> Environment, Toolchains.ISharedCache? SharedCache = null, Planning.BuildSettings? Settings = null);
