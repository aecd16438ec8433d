using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>
/// The command line compiled natively, as tools/flashsmith runs it, built once for the tests that use it
/// from a copy of the sources, so that its build shares no intermediate files with the others. With the web
/// server of the station page in it, native compilation takes over ten minutes on a loaded 2-core machine.
/// </summary>
public sealed class NativeTool : IDisposable
{
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

        Publish = ExternalTool.Run(
            "dotnet",
            ["publish", temp.File("src/Flashsmith.Cli/Flashsmith.Cli.csproj"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", temp.File("native"), "-nologo", "-v", "quiet", "-clp:ErrorsOnly"],
            TimeSpan.FromMinutes(25));
    }

    /// <summary>What <c>dotnet publish</c> said; a test that runs the tool fails with it when the build failed.</summary>
    public ExternalTool.Result Publish { get; }

    /// <summary>The native tool's path, once it is built.</summary>
    public string Program
    {
        get
        {
            Assert.True(Publish.ExitCode == 0, Publish.All);
            return temp.File("native/Flashsmith.Cli");
        }
    }

    /// <summary>Runs the native tool with <paramref name="arguments"/>.</summary>
    public ExternalTool.Result Run(params string[] arguments) => ExternalTool.Run(Program, arguments);

    public void Dispose() => temp.Dispose();
}
