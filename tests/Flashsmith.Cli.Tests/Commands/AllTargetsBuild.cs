using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>Every OEM target of the repository built once with build --all, for a whole test class.</summary>
public sealed class AllTargetsBuild : IDisposable
{
    public AllTargetsBuild()
    {
        Run = CliRun.Of("build", "--all", "--recipes", CliRun.Recipes, "--out", Temp.File("images"), "--cache", Temp.File("cache"));
    }

    public TempFolder Temp { get; } = new();

    public CliRun Run { get; }

    public string Image(string target) => Temp.File($"images/{target}/thinvisor-1.0.0-{target}.img");

    public void Dispose() => Temp.Dispose();
}
