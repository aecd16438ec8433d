using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>
/// The command line compiled natively, built once for the tests that use it the way a user's first run builds it:
/// two <c>tools/flashsmith --version</c> runs started at once in a fresh copy of the sources, so that one builds the
/// portable tool under the lock while the other waits, and both succeed without waiting for the native build, which
/// follows in the background; then a run with <c>FLASHSMITH_NATIVE=now</c>, which waits for it (or compiles it, if it
/// has not started) and runs it. The copy's build shares no intermediate files with the others.
/// </summary>
public sealed class NativeTool : IDisposable
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(25);

    private readonly TempFolder temp = new();

    public NativeTool()
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".gitignore" })
        {
            File.Copy(Path.Combine(CliRun.RepositoryRoot, file), temp.File(file));
        }

        temp.CopyIn(
            Path.Combine(CliRun.RepositoryRoot, "src"),
            "src",
            f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal));
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "tools"), "tools");

        // The sample the package carries, without what a fetch of the Xen example leaves; then the copy is a checkout
        // of its own, with one commit, as tools/package wants.
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "recipes"), "recipes");
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "examples"), "examples", f => !f.Split('/').Any(part => part is "payload" or ".debs" or ".work"));
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=Flashsmith tests", "-c", "user.email=tests@flashsmith.invalid", "commit", "-q", "-m", "the sources under test");

        var launcher = temp.File("tools/flashsmith");
        var runs = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => ExternalTool.Run(launcher, ["--version"], BuildLimit)))
            .ToArray();
        Runs = [.. runs.Select(r => r.Result)];
        NativeAfterFirstRuns = File.Exists(temp.File(".flashsmith/cli/native/Flashsmith.Cli"));
        NativeRun = ExternalTool.Run(launcher, ["--version"], BuildLimit, new Dictionary<string, string> { ["FLASHSMITH_NATIVE"] = "now" });
        NextRun = ExternalTool.Run(launcher, ["--version"], BuildLimit);
        BuildLog = string.Concat(new[] { "cli-build.log", "cli-native.log" }
            .Select(log => temp.File(Path.Combine(".flashsmith", log)))
            .Where(File.Exists)
            .Select(log => $"{log}:\n{File.ReadAllText(log)}\n"));
    }

    /// <summary>The copy of the sources the tool was built from, a git checkout of its own.</summary>
    public string Root => temp.Path;

    /// <summary>What the two simultaneous first runs of tools/flashsmith said.</summary>
    public IReadOnlyList<ExternalTool.Result> Runs { get; }

    /// <summary>Whether the native tool was there when the first runs had ended.</summary>
    public bool NativeAfterFirstRuns { get; }

    /// <summary>What the run that asked for the native tool at once said.</summary>
    public ExternalTool.Result NativeRun { get; }

    /// <summary>What a plain run after the native tool was in place said.</summary>
    public ExternalTool.Result NextRun { get; }

    /// <summary>What the builds of the tool wrote to their logs.</summary>
    public string BuildLog { get; }

    /// <summary>
    /// The native tool's path, once it is built, in the folder that tools/flashsmith links in (the path the tool sees
    /// as its own); a test that runs it fails with the builds' logs when it is not there.
    /// </summary>
    public string Program
    {
        get
        {
            var link = temp.File(".flashsmith/cli/native");
            var folder = Directory.Exists(link) ? Directory.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName ?? link : link;
            var program = Path.Combine(folder, "Flashsmith.Cli");
            Assert.True(File.Exists(program), $"tools/flashsmith built no native tool:\n{BuildLog}\n{string.Join('\n', Runs.Append(NativeRun).Select(r => r.All))}");
            return program;
        }
    }

    /// <summary>Runs the native tool with <paramref name="arguments"/>.</summary>
    public ExternalTool.Result Run(params string[] arguments) => ExternalTool.Run(Program, arguments);

    public void Dispose() => temp.Dispose();

    private void Git(params string[] arguments)
    {
        var run = ExternalTool.Run("git", ["-C", temp.Path, .. arguments], TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z", ["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z" });
        Assert.True(run.ExitCode == 0, run.All);
    }
}
