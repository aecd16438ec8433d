using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>
/// reproduce --against builds with the parameters the release folder's provenance records: a release folder is
/// reproduced as a release without --release, and a parameter the command line gives otherwise is named.
/// </summary>
public sealed class ReproduceAgainstProvenanceTests : IDisposable
{
    private const string Target = "acme";
    private readonly FirmwareProject project = new();
    private readonly string key;

    public ReproduceAgainstProvenanceTests()
    {
        key = ReleaseKey.Create(project.Temp).Key;
        project.Target(Target, string.Empty);

        // A release is built only from committed sources: the project is a checkout (the key stays outside it).
        Git("init", "-q");
        Git("add", "recipes", "src");
        Git("-c", "user.name=Release", "-c", "user.email=release@example.invalid", "commit", "-q", "-m", "sources");
    }

    public void Dispose() => project.Dispose();

    [Fact]
    public void Release_folder_is_reproduced_as_a_release_without_release_on_the_command_line()
    {
        var release = project.Temp.File("release");
        var built = Build(release, "--release");
        Assert.True(built.ExitCode == ExitCodes.Success, built.Output + built.Error);

        var run = Reproduce("--against", release);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("reproducible:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("differs", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_given_against_a_folder_built_without_it_is_named_as_the_differing_field()
    {
        var plain = project.Temp.File("plain");
        var built = Build(plain);
        Assert.True(built.ExitCode == ExitCodes.Success, built.Output + built.Error);

        var run = Reproduce("--release", "--against", plain);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Output + run.Error);
        var line = run.Error.Split('\n').Single(l => l.Contains("FS9004", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(plain, Target), line, StringComparison.Ordinal);
        Assert.Contains(".intoto.jsonl: release is false in the provenance, but --release was given; leave out --release", line, StringComparison.Ordinal);
    }

    private CliRun Build(string output, params string[] extra) =>
        CliRun.Of(["build", "--target", Target, "--recipes", project.Temp.File("recipes"), "--out", output, "--cache", project.Cache, "--key", key, .. extra]);

    private CliRun Reproduce(params string[] extra) =>
        CliRun.Of(["reproduce", "--target", Target, "--recipes", project.Temp.File("recipes"), "--key", key, .. extra]);

    private void Git(params string[] arguments) => ExternalTool.Check("git", ["-C", project.Temp.Path, .. arguments]);
}
