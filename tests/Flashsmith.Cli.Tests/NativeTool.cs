using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>
/// The command line compiled natively, built once for the tests that use it the way a user's first run builds it:
/// two <c>tools/flashsmith --version</c> runs started at once in a fresh copy of the sources, so that one builds
/// both programs (the tool and the station page's server) under the lock while the other waits, and both succeed.
/// The copy's build shares no intermediate files with the others.
/// </summary>
public sealed class NativeTool : IDisposable
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(25);

    private readonly TempFolder temp = new();

    public NativeTool()
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(CliRun.RepositoryRoot, file), temp.File(file));
        }

        temp.CopyIn(
            Path.Combine(CliRun.RepositoryRoot, "src"),
            "src",
            f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/firmware/", StringComparison.Ordinal));
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "tools"), "tools");

        var launcher = temp.File("tools/flashsmith");
        var runs = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => ExternalTool.Run(launcher, ["--version"], BuildLimit)))
            .ToArray();
        Runs = [.. runs.Select(r => r.Result)];
        BuildLog = File.Exists(temp.File(".flashsmith/cli-build.log")) ? File.ReadAllText(temp.File(".flashsmith/cli-build.log")) : string.Empty;
    }

    /// <summary>What the two simultaneous first runs of tools/flashsmith said.</summary>
    public IReadOnlyList<ExternalTool.Result> Runs { get; }

    /// <summary>What the build of the tool wrote to its log.</summary>
    public string BuildLog { get; }

    /// <summary>The native tool's path, once it is built; a test that runs it fails with the build's log when it is not there.</summary>
    public string Program
    {
        get
        {
            var program = temp.File(".flashsmith/cli/native/Flashsmith.Cli");
            Assert.True(File.Exists(program), $"tools/flashsmith built no native tool:\n{BuildLog}\n{string.Join('\n', Runs.Select(r => r.All))}");
            return program;
        }
    }

    /// <summary>Runs the native tool with <paramref name="arguments"/>.</summary>
    public ExternalTool.Result Run(params string[] arguments) => ExternalTool.Run(Program, arguments);

    public void Dispose() => temp.Dispose();
}
