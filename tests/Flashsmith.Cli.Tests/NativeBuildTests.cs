using Flashsmith.Cli.Tests.Provisioning;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>
/// tools/flashsmith runs a natively compiled tool; trimming and native compilation refuse code they
/// cannot analyse, so the native build is checked here rather than found broken by a user.
/// </summary>
[Collection(NativeToolCollection.Name)]
public sealed class NativeBuildTests(NativeTool native, PostgresServer postgres, ProvisionFixture sample) : IClassFixture<PostgresServer>, IClassFixture<ProvisionFixture>, IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Two_first_runs_at_once_both_succeed_before_the_native_programs_follow()
    {
        Assert.All(native.Runs, run => Assert.True(run.ExitCode == 0 && run.Output == "0.1.0\n", run.All));
        Assert.Single(native.Runs, run => run.Error.Contains("flashsmith: building the command line tool...", StringComparison.Ordinal));
        Assert.False(native.NativeAfterFirstRuns, "the first runs waited for the native build");
        Assert.True(native.NativeRun.ExitCode == 0 && native.NativeRun.Output == "0.1.0\n", native.NativeRun.All);
        Assert.True(File.Exists(native.Program), native.BuildLog);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(native.Program)!, "Flashsmith.Station")), native.BuildLog);
    }

    [Fact]
    public void A_run_after_the_native_build_builds_nothing()
    {
        Assert.True(native.NextRun.ExitCode == 0 && native.NextRun.Output == "0.1.0\n", native.NextRun.All);
        Assert.Equal(string.Empty, native.NextRun.Error);
    }

    [Fact]
    public void Native_tool_builds_and_runs()
    {
        var version = native.Run("--version");
        var validate = native.Run("validate", "--recipes", CliRun.Recipes);

        Assert.Equal("0.1.0", version.Output.Trim());
        Assert.True(validate.ExitCode == 0, validate.All);
        Assert.Contains("recipes are valid", validate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_tool_opens_the_factory_log()
    {
        // SQLite is a native library beside the tool: the tool must find it, create a log's schema and read rows.
        var created = temp.File("created.db");
        File.WriteAllBytes(created, []);
        var database = temp.File("factory.db");
        using (var log = FactoryLog.Open(database, new ManualClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero))))
        {
            var start = new AttemptStart { Station = "station-1", ImagePath = "thinvisor.img", DevicePath = "/dev/sdb", Unit = new UnitIdentity("SN-0001", "node-1") };
            log.Finish(log.Begin(start), AttemptResult.Ok, null, 4096);
            log.Begin(start with { DevicePath = "/dev/sdc", Unit = new UnitIdentity("SN-0002") });
        }

        var empty = native.Run("log", "--log", created);
        var csv = native.Run("log", "--log", database, "--csv", "--since", "2026-11-28");
        var table = native.Run("log", "--log", database, "--serial", "SN-0002");

        Assert.True(empty.ExitCode == 0, empty.All);
        Assert.Equal($"no attempts in {created}", empty.Output.Trim());
        Assert.Equal("1", Sqlite3(created, "pragma user_version"));
        Assert.True(csv.ExitCode == 0, csv.All);
        Assert.Equal(
            [
                string.Join(',', AttemptRecord.Columns),
                "1,station-1,thinvisor.img,,,,,/dev/sdb,,,,SN-0001,node-1,,2026-11-28T10:00:00.000Z,2026-11-28T10:00:00.000Z,4096,0,ok,",
                "2,station-1,thinvisor.img,,,,,/dev/sdc,,,,SN-0002,,,2026-11-28T10:00:00.000Z,,0,,interrupted,the run ended before it recorded a result",
                string.Empty,
            ],
            csv.Output.Split("\r\n"));
        Assert.True(table.ExitCode == 0, table.All);
        Assert.Contains("interrupted", table.Output.Split('\n').Single(l => l.Contains("SN-0002", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("SN-0001", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_tool_talks_to_the_remote_cache()
    {
        // StackExchange.Redis must survive native compilation: connect, scan, read lengths and delete.
        using var redis = new RedisServer();
        Assert.Equal("OK", redis.Cli("SET", "flashsmith:1:object:abc", "12345").Output.Trim());

        var stats = native.Run("cache", "stats", "--remote", "--cache-remote", redis.Url, "--json");
        var clear = native.Run("cache", "clear", "--remote", "--cache-remote", redis.Url);

        Assert.True(stats.ExitCode == 0, stats.All);
        Assert.Contains("\"entries\": 1,", stats.Output, StringComparison.Ordinal);
        Assert.Contains("\"bytes\": 5,", stats.Output, StringComparison.Ordinal);
        Assert.True(clear.ExitCode == 0, clear.All);
        Assert.Equal($"deleted 1 entry from {redis.Url}", clear.Output.Trim());
        Assert.Empty(redis.Keys("flashsmith:*"));
    }

    [Fact]
    public void Native_tool_reads_a_postgresql_log()
    {
        // Npgsql in the native tool: the slim data source, typed parameters and the migration, without reflection.
        var url = postgres.CreateDatabase();
        using (var log = FactoryLog.Open(url, new ManualClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero))))
        {
            log.Finish(log.Begin(new AttemptStart { Station = "station-2", ImagePath = "thinvisor.img", DevicePath = "/dev/sdb", DeviceSizeBytes = 4096, Unit = new UnitIdentity("SN-PG") }), AttemptResult.Ok, null, 4096);
        }

        var empty = postgres.CreateDatabase();
        var csv = native.Run("log", "--log", url, "--csv", "--serial", "SN-PG");
        var created = native.Run("log", "--log", empty);

        Assert.True(csv.ExitCode == 0, csv.All);
        Assert.Equal("1,station-2,thinvisor.img,,,,,/dev/sdb,,,4096,SN-PG,,,2026-11-28T10:00:00.000Z,2026-11-28T10:00:00.000Z,4096,0,ok,", csv.Output.Split("\r\n")[1]);
        Assert.True(created.ExitCode == 0, created.All);
        Assert.Equal("1", postgres.Psql(empty[(empty.LastIndexOf('/') + 1)..], "select version from factory_log_schema"));
    }

    [Fact]
    public void Native_tool_serves_the_station_page()
    {
        // ASP.NET Core's slim host, Kestrel and the page's embedded files in the native station program, which the
        // native tool becomes: a key written, shown live.
        var units = temp.File("units.csv");
        File.WriteAllText(units, "serial,hostname,asset_tag\nN-1,host-1,T1\n");
        var basis = 500 + (Random.Shared.Next(0, 9) * 10);
        LoopDevice? key = null;
        var station = StationProcess.StartWith(native.Program, sample.Image, temp.File("factory.db"), units, $"/dev/loop{basis / 10}[0-9]", "--listen", "127.0.0.1:0");
        try
        {
            var page = (string)station.WaitFor(j => (string?)j["event"] == "ready", "the station to be ready")["page"]!;
            Assert.Equal(Path.Combine(Path.GetDirectoryName(native.Program)!, "Flashsmith.Station"), station.Running);
            using var chromium = HeadlessChromium.Start(temp.File("chromium"));
            chromium.Navigate(page);
            chromium.WaitFor("document.getElementById('link').textContent === 'live'", "the page's event stream to open");
            key = LoopDevice.CreateAt(temp.File("key.img"), 64L << 20, basis + 1);
            chromium.WaitFor("document.querySelector('.tile.state-done .serial')?.textContent === 'N-1'", "the page to show the key done");

            Assert.Equal("ok", (string?)chromium.Evaluate("document.querySelector('#log td.result').textContent"));
            Assert.All(chromium.Requests, url => Assert.StartsWith(page, url, StringComparison.Ordinal));
            Assert.Equal(ExitCodes.Interrupted, station.Interrupt());
        }
        finally
        {
            station.Dispose();
            key?.Dispose();
        }
    }

    private static string Sqlite3(string database, string sql)
    {
        var result = ExternalTool.Run("sqlite3", database, sql);
        Assert.True(result.ExitCode == 0, result.All);
        return result.Output.Trim();
    }
}
