using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// Every OEM target of the repository built with build --all, once for the whole test run and with the sample
/// build's warm cache; each class gets its own scratch folder.
/// </summary>
public sealed class AllTargetsBuild : IDisposable
{
    /// <summary>The class's own scratch folder.</summary>
    public TempFolder Temp { get; } = new();

    public CliRun Run => Shared.Run;

    /// <summary>The output folder of the shared build; nothing in it may be changed.</summary>
    public string Images => Shared.Temp.File("images");

    private static Once Shared => RunWide<Once>.Value;

    public string Image(string target) => Path.Combine(Images, target, $"thinvisor-1.0.0-{target}.img");

    /// <summary>A copy, at <paramref name="relative"/> in the class's folder, of the cache the shared build left: every target's objects and images.</summary>
    public string CopyCache(string relative) => WarmCache.Copy(Shared.Temp.File("cache"), Temp, relative);

    public void Dispose() => Temp.Dispose();

    private sealed class Once : IDisposable
    {
        public Once()
        {
            var cache = SampleBuild.CopyCache(Temp, "cache");
            Run = CliRun.Of("build", "--all", "--recipes", CliRun.Recipes, "--out", Temp.File("images"), "--cache", cache);
        }

        public TempFolder Temp { get; } = new();

        public CliRun Run { get; }

        public void Dispose() => Temp.Dispose();
    }
}
