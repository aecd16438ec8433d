using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// The sample target, built once for the whole test run and shared by every class that uses it; each class gets its
/// own scratch folder and, when it builds again, its own copy of the build's warm cache.
/// </summary>
public sealed class SampleBuild : IDisposable
{
    public const string Target = "dell-poweredge-r710";
    public const string ImageName = "thinvisor-1.0.0-dell-poweredge-r710.img";

    private readonly Lazy<string> cache;

    public SampleBuild()
    {
        cache = new(() => CopyCache(Temp, "cache"));
    }

    /// <summary>The class's own scratch folder.</summary>
    public TempFolder Temp { get; } = new();

    public CliRun Run => Shared.Run;

    /// <summary>The folder the shared build wrote into; nothing in it may be changed.</summary>
    public string Root => Shared.Temp.Path;

    public string Folder => Shared.Temp.File("out/" + Target);

    public string Image => Path.Combine(Folder, ImageName);

    /// <summary>The class's own copy of the cache the shared build left, made when first asked for.</summary>
    public string Cache => cache.Value;

    private static Once Shared => RunWide<Once>.Value;

    /// <summary>Builds the sample target into <paramref name="output"/> of the class's folder with the cache in <paramref name="cacheFolder"/>.</summary>
    public CliRun Build(string output, string cacheFolder) => Once.Build(Temp.File(output), cacheFolder);

    /// <summary>A copy of the cache the shared build left, at <paramref name="relative"/> in <paramref name="temp"/>.</summary>
    public static string CopyCache(TempFolder temp, string relative) => WarmCache.Copy(Shared.Temp.File("cache"), temp, relative);

    public void Dispose() => Temp.Dispose();

    private sealed class Once : IDisposable
    {
        public Once()
        {
            Run = Build(Temp.File("out"), Temp.File("cache"));
        }

        public TempFolder Temp { get; } = new();

        public CliRun Run { get; }

        public static CliRun Build(string output, string cache) =>
            CliRun.Of("build", "--target", Target, "--recipes", CliRun.Recipes, "--out", output, "--cache", cache);

        public void Dispose() => Temp.Dispose();
    }
}
