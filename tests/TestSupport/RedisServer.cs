using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flashsmith.TestSupport;

/// <summary>
/// A real Redis (Debian's redis-server) on 127.0.0.1 and a free port, with its data in a temporary folder
/// and nothing saved; stopped when disposed. A missing redis-server fails the test that needs it.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly TempFolder folder = new();
    private Process? process;

    public RedisServer()
    {
        Port = FreePort();
        process = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder.Path, "--save", "", "--appendonly", "no", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (Cli("PING").Output.Trim() != "PONG")
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}");
            }

            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Runs redis-cli against this server.</summary>
    public ExternalTool.Result Cli(params string[] arguments) =>
        ExternalTool.Run("redis-cli", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments], TimeSpan.FromSeconds(30));

    /// <summary>The keys matching <paramref name="pattern"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Keys(string pattern) =>
        Cli("--scan", "--pattern", pattern).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    /// <summary>Stops the server at once, as a crash or a pulled cable would.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
        process = null;
        folder.Dispose();
    }
}
