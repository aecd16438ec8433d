using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>
/// The HP target (whose depot driver depends on another) built with a release key, once for the whole test run
/// and with the sample build's warm cache; each class gets its own scratch folder.
/// </summary>
public sealed class ReleaseBuild : IDisposable
{
    public const string Target = "hp-proliant-dl380-g5";
    public const string ImageName = "thinvisor-1.0.0-hp-proliant-dl380-g5.img";

    /// <summary>The class's own scratch folder.</summary>
    public TempFolder Temp { get; } = new();

    /// <summary>The folder the shared build wrote into; nothing in it may be changed.</summary>
    public string Root => Shared.Temp.Path;

    public string Key => Shared.Key;

    public string Certificate => Shared.Certificate;

    public CliRun Run => Shared.Run;

    public string Folder => Shared.Temp.File("out/" + Target);

    public string Image => Path.Combine(Folder, ImageName);

    private static Once Shared => RunWide<Once>.Value;

    public void Dispose() => Temp.Dispose();

    private sealed class Once : IDisposable
    {
        public Once()
        {
            (Key, Certificate) = ReleaseKey.Create(Temp);
            var cache = SampleBuild.CopyCache(Temp, "cache");
            Run = CliRun.Of("build", "--target", Target, "--recipes", CliRun.Recipes, "--out", Temp.File("out"), "--cache", cache, "--key", Key);
        }

        public TempFolder Temp { get; } = new();

        public string Key { get; }

        public string Certificate { get; }

        public CliRun Run { get; }

        public void Dispose() => Temp.Dispose();
    }
}
