using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>
/// tools/flashsmith runs a natively compiled tool; trimming and native compilation refuse code they
/// cannot analyse, so the native build is checked here rather than found broken by a user.
/// </summary>
public sealed class NativeBuildTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Native_tool_builds_and_runs()
    {
        // A copy of the sources, so that this build shares no intermediate files with the others.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(CliRun.RepositoryRoot, file), temp.File(file));
        }

        temp.CopyIn(
            Path.Combine(CliRun.RepositoryRoot, "src"),
            "src",
            f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/firmware/", StringComparison.Ordinal));

        var publish = ExternalTool.Run(
            "dotnet",
            ["publish", temp.File("src/Flashsmith.Cli/Flashsmith.Cli.csproj"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", temp.File("native"), "-nologo", "-v", "quiet", "-clp:ErrorsOnly"],
            TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, publish.All);

        var version = ExternalTool.Run(temp.File("native/Flashsmith.Cli"), "--version");
        var validate = ExternalTool.Run(temp.File("native/Flashsmith.Cli"), "validate", "--recipes", CliRun.Recipes);

        Assert.Equal("0.1.0", version.Output.Trim());
        Assert.True(validate.ExitCode == 0, validate.All);
        Assert.Contains("recipes are valid", validate.Output, StringComparison.Ordinal);
    }
}
