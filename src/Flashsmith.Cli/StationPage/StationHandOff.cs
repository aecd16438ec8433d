using System.Net;
using System.Runtime.InteropServices;
using Flashsmith.Diagnostics;

namespace Flashsmith.Cli.StationPage;

/// <summary>
/// The page's web server lives in a companion program, <c>Flashsmith.Station</c>, beside this one, so that
/// every other verb starts without it. A station asked to serve the page becomes that program, with the same
/// arguments, process and signals, before it opens the log or touches a device.
/// </summary>
public static class StationHandOff
{
    public const string Companion = "Flashsmith.Station";

    /// <summary>
    /// Replaces this process with the companion; returns only by throwing, when that cannot be done. It has the shape of
    /// any way to start the page (<see cref="CliEnvironment"/> takes one), but the endpoint and board are not used here:
    /// the companion parses the same command line and makes its own.
    /// </summary>
    public static IStationPage Start(IPEndPoint endpoint, StationBoard board)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("this process has no path");
        var (program, argv) = Command(host, AppContext.BaseDirectory, Environment.GetCommandLineArgs()[1..]);
        Exec(program, argv);
        throw new InvalidOperationException("execv returned without an error");
    }

    /// <summary>
    /// The program to run and its argv, for a process run by <paramref name="host"/> from <paramref name="folder"/>:
    /// under the dotnet host (the portable build) the companion is a .dll beside this one that the host runs,
    /// else a native program. A companion that is not there is named.
    /// </summary>
    public static (string Program, string[] Argv) Command(string host, string folder, string[] arguments)
    {
        var portable = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var companion = Path.Combine(folder, portable ? Companion + ".dll" : Companion);
        if (!File.Exists(companion))
        {
            throw new BadInputException(DiagnosticCodes.StationPageMissing, $"{companion}: the station page's server is not there; build it with tools/flashsmith, which builds it beside the command line tool");
        }

        return portable ? (host, [host, companion, .. arguments]) : (companion, [companion, .. arguments]);
    }

    private static void Exec(string program, string[] argv)
    {
        var strings = argv.Select(Marshal.StringToCoTaskMemUTF8).Append(IntPtr.Zero).ToArray();
        var path = Marshal.StringToCoTaskMemUTF8(program);
        Console.Out.Flush();
        Console.Error.Flush();
        execv(path, strings);
        var errno = Marshal.GetLastPInvokeError();
        throw new BadInputException(DiagnosticCodes.StationPageMissing, $"{program}: cannot start the station page's server: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execv(IntPtr path, IntPtr[] argv);
}
