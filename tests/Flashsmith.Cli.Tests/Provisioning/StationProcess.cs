using System.Diagnostics;
using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary><c>flashsmith station --json</c> in a process of its own, its lines read as they come.</summary>
internal sealed class StationProcess : IDisposable
{
    private readonly Process process;
    private readonly List<JsonObject> lines = [];
    private readonly Task<string> error;

    private StationProcess(Process process)
    {
        this.process = process;
        error = process.StandardError.ReadToEndAsync();
        _ = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lock (lines)
                {
                    lines.Add(JsonNode.Parse(line)!.AsObject());
                    Monitor.PulseAll(lines);
                }
            }
        });
    }

    public IReadOnlyList<JsonObject> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public string Error => error.IsCompleted ? error.Result : string.Empty;

    /// <summary>The program this process runs now, from its command line (the first argument after the dotnet host's).</summary>
    public string Running => File.ReadAllText($"/proc/{process.Id}/cmdline").Split('\0')[Path.GetFileName(process.StartInfo.FileName) == "dotnet" ? 1 : 0];

    /// <summary>station over <paramref name="image"/> with the development certificate, a log, units and <paramref name="more"/> arguments.</summary>
    public static StationProcess Start(string image, string log, string units, string slots, params string[] more) =>
        Run(Environment.ProcessPath!, [Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"), .. Arguments(image, log, units, slots, more)]);

    /// <summary>The same station, run by the tool at <paramref name="program"/> (the natively compiled one).</summary>
    public static StationProcess StartWith(string program, string image, string log, string units, string slots, params string[] more) =>
        Run(program, Arguments(image, log, units, slots, more));

    private static string[] Arguments(string image, string log, string units, string slots, string[] more) =>
        ["station", image, "--slots", slots, "--units", units, "--log", log, "--cert", ProvisionFixture.Certificate, "--json", .. more];

    private static StationProcess Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new StationProcess(process);
    }

    public JsonObject WaitFor(Func<JsonObject, bool> what, string description)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        lock (lines)
        {
            while (true)
            {
                if (lines.FirstOrDefault(what) is { } found)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || process.HasExited)
                {
                    throw new TimeoutException($"waited for {description}; the station said:\n{string.Join('\n', lines.Select(l => l.ToJsonString()))}\n{Error}");
                }

                Monitor.Wait(lines, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Ctrl-C, as a terminal sends it; returns the exit code.</summary>
    public int Interrupt()
    {
        ExternalTool.Check("kill", "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the station did not stop on Ctrl-C");
        process.WaitForExit();
        error.Wait(TimeSpan.FromSeconds(10));
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
