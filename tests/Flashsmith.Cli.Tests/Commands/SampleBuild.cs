using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>The sample target built once for a whole test class, with its own cache and output folder.</summary>
public sealed class SampleBuild : IDisposable
{
    public const string Target = "dell-poweredge-r710";
    public const string ImageName = "thinvisor-1.0.0-dell-poweredge-r710.img";

    public SampleBuild()
    {
        Run = Build("out", "cache");
    }

    public TempFolder Temp { get; } = new();

    public CliRun Run { get; }

    public string Folder => Temp.File("out/" + Target);

    public string Image => Path.Combine(Folder, ImageName);

    public CliRun Build(string output, string cache) =>
        CliRun.Of("build", "--target", Target, "--recipes", CliRun.Recipes, "--out", Temp.File(output), "--cache", Temp.File(cache));

    public void Dispose() => Temp.Dispose();
}
