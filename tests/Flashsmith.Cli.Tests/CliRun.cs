using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>Runs the command line in-process, with the station page's server, and captures what it wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static string RepositoryRoot => TestSupport.RepositoryRoot.Path;

    public static string Recipes => Path.Combine(RepositoryRoot, "recipes");

    public static CliRun Of(params string[] args) => With(_ => null, args);

    public static CliRun With(Func<string, string?> variables, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = FlashsmithCli.Run(args, CliEnvironment.ForText(output, error, variables, Station.StationPageServer.Start));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>flashsmith in its own process, so that its current folder is <paramref name="folder"/>.</summary>
    public static ExternalTool.Result InFolder(string folder, params string[] arguments) =>
        ExternalTool.Run(
            "sh",
            ["-c", "cd \"$0\" && exec \"$@\"", folder, "dotnet", Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"), .. arguments],
            TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["NO_COLOR"] = "1" });
}
