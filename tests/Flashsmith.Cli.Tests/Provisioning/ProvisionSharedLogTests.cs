using System.Diagnostics;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// Two provision processes, as two stations, logging to one PostgreSQL server the tests start: unit serials
/// stay unique by the database's index, judged by psql and by flashsmith log.
/// </summary>
public sealed class ProvisionSharedLogTests(ProvisionFixture fixture, PostgresServer server) : IClassFixture<ProvisionFixture>, IClassFixture<PostgresServer>, IDisposable
{
    private const long KeySize = 64L << 20;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Two_processes_drawing_from_one_units_file_get_different_serials_and_log_reads_them()
    {
        var url = server.CreateDatabase();
        var units = temp.File("units.csv");
        File.WriteAllText(units, "serial,hostname,asset_tag\nU-1,host-1,T1\nU-2,host-2,T2\nU-3,host-3,T3\n");
        using var a = LoopDevice.Create(temp.File("a.img"), KeySize);
        using var b = LoopDevice.Create(temp.File("b.img"), KeySize);

        var runs = Race(url, ["--device", a.Path, "--allow-fixed", a.Path, "--units", units], ["--device", b.Path, "--allow-fixed", b.Path, "--units", units]);

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.All));
        var rows = server.Psql(Database(url), "select device_path, unit_serial, result from attempts order by device_path").Split('\n');
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.EndsWith("|ok", r, StringComparison.Ordinal));
        var serials = rows.Select(r => r.Split('|')[1]).ToList();
        Assert.Equal(2, serials.Distinct(StringComparer.Ordinal).Count());
        Assert.All(serials, s => Assert.Contains(s, new[] { "U-1", "U-2" }));
        Assert.Contains($"\"serial\": \"{serials[0]}\"", CliRun.Of("verify", a.Path, "--cert", ProvisionFixture.Certificate).Output, StringComparison.Ordinal);
        Assert.Contains($"\"serial\": \"{serials[1]}\"", CliRun.Of("verify", b.Path, "--cert", ProvisionFixture.Certificate).Output, StringComparison.Ordinal);

        var log = CliRun.Of("log", "--log", url, "--csv");
        Assert.True(log.ExitCode == 0, log.Error);
        Assert.Equal(3, log.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",U-1,host-1,T1,", log.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_serial_forced_into_both_is_refused_by_the_database_for_one_and_its_device_is_untouched()
    {
        var url = server.CreateDatabase();
        var a = ProvisionFixture.KeyFile(temp, "a.img", KeySize, fill: 0xA5);
        var b = ProvisionFixture.KeyFile(temp, "b.img", KeySize, fill: 0xA5);
        var before = ProvisionFixture.Sha256(a);

        var runs = Race(url, ["--device", a, "--serial", "SN-BOTH"], ["--device", b, "--serial", "SN-BOTH"]);

        Assert.Equal([0, ExitCodes.DeviceFailure], runs.Select(r => r.ExitCode).Order());
        var refused = runs[0].ExitCode == 0 ? (Run: runs[1], Key: b) : (Run: runs[0], Key: a);
        Assert.Contains("unit serial 'SN-BOTH'", refused.Run.Error, StringComparison.Ordinal);
        Assert.Equal(before, ProvisionFixture.Sha256(refused.Key));
        Assert.Equal(
            $"ok|\nrefused|{refused.Key}",
            server.Psql(Database(url), "select result, case when result = 'refused' then device_path else '' end from attempts where unit_serial = 'SN-BOTH' order by result"));
    }

    /// <summary>Starts provision in two processes at once and waits for both.</summary>
    private ExternalTool.Result[] Race(string url, string[] first, string[] second)
    {
        var processes = new[] { first, second }.Select(extra => Start(["provision", fixture.Image, "--cert", ProvisionFixture.Certificate, "--log", url, "--yes", .. extra])).ToList();
        return [.. processes.Select(p =>
        {
            var (process, output, error) = p;
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "provision did not finish");
            process.WaitForExit();
            var result = new ExternalTool.Result(process.ExitCode, output.Result, error.Result);
            process.Dispose();
            return result;
        })];
    }

    private static (Process Process, Task<string> Output, Task<string> Error) Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return (process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    private static string Database(string url) => url[(url.LastIndexOf('/') + 1)..];
}
