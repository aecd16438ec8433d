using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>
/// The HP target (whose depot driver depends on another) built once for a test class with a release
/// key, into its own output folder and cache.
/// </summary>
public sealed class ReleaseBuild : IDisposable
{
    public const string Target = "hp-proliant-dl380-g5";
    public const string ImageName = "thinvisor-1.0.0-hp-proliant-dl380-g5.img";

    public ReleaseBuild()
    {
        (Key, Certificate) = ReleaseKey.Create(Temp);
        Run = CliRun.Of("build", "--target", Target, "--recipes", CliRun.Recipes, "--out", Temp.File("out"), "--cache", Temp.File("cache"), "--key", Key);
    }

    public TempFolder Temp { get; } = new();

    public string Key { get; }

    public string Certificate { get; }

    public CliRun Run { get; }

    public string Folder => Temp.File("out/" + Target);

    public string Image => Path.Combine(Folder, ImageName);

    public void Dispose() => Temp.Dispose();
}
