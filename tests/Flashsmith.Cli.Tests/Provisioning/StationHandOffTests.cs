using Flashsmith.Cli.StationPage;
using Flashsmith.Diagnostics;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// The station page's server is a companion program: the command line tool hands a station with --listen over to
/// it, under the dotnet host or natively, and names it when it is not there.
/// </summary>
public sealed class StationHandOffTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Native_tool_becomes_the_native_companion_beside_it_with_the_same_arguments()
    {
        File.WriteAllText(temp.File("Flashsmith.Station"), string.Empty);

        var (program, argv) = StationHandOff.Command(temp.File("Flashsmith.Cli"), temp.Path, ["station", "a.img", "--listen", "127.0.0.1:0"]);

        Assert.Equal(temp.File("Flashsmith.Station"), program);
        Assert.Equal([temp.File("Flashsmith.Station"), "station", "a.img", "--listen", "127.0.0.1:0"], argv);
    }

    [Fact]
    public void Portable_tool_has_the_dotnet_host_run_the_companion_dll_beside_it()
    {
        File.WriteAllText(temp.File("Flashsmith.Station.dll"), string.Empty);

        var (program, argv) = StationHandOff.Command("/usr/share/dotnet/dotnet", temp.Path, ["station", "a.img"]);

        Assert.Equal("/usr/share/dotnet/dotnet", program);
        Assert.Equal(["/usr/share/dotnet/dotnet", temp.File("Flashsmith.Station.dll"), "station", "a.img"], argv);
    }

    [Fact]
    public void Missing_companion_is_named_with_how_to_build_it()
    {
        var error = Assert.Throws<BadInputException>(() => StationHandOff.Command(temp.File("Flashsmith.Cli"), temp.Path, ["station"]));

        Assert.Equal(
            $"error FS7011: {temp.File("Flashsmith.Station")}: the station page's server is not there; build it with tools/flashsmith, which builds it beside the command line tool",
            Assert.Single(error.Lines));
    }

    [Fact]
    public void Station_with_listen_and_no_page_server_is_refused_before_the_log_is_opened()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var log = temp.File("factory.db");

        var code = FlashsmithCli.Run(
            ["station", Path.Combine(CliRun.RepositoryRoot, "README.md"), "--slots", "/dev/loop9999", "--log", log, "--listen", "127.0.0.1:0"],
            CliEnvironment.ForText(output, error));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error FS7011: this build of flashsmith has no station page; run the station without --listen", error.ToString().Trim());
        Assert.False(File.Exists(log), "the log was opened though the station could not start");
    }
}
