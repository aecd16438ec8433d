using System.Text.Json;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class LogCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public LogCommandTests()
    {
        // Four attempts: ok before midnight, then failed, refused (the serial is taken) and one still running.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 23, 59, 0, TimeSpan.Zero));
        using var log = FactoryLog.Open(Database, clock);
        var ok = log.Begin(Start("SN-0001", "/dev/sdb"));
        clock.Advance(TimeSpan.FromSeconds(12.5));
        log.Finish(ok, AttemptResult.Ok, null, 33_554_432);
        clock.Advance(TimeSpan.FromHours(8));
        var failed = log.Begin(Start("SN-0002", "/dev/sdc"));
        clock.Advance(TimeSpan.FromSeconds(3));
        log.Finish(failed, AttemptResult.Failed, "write error at 0x100000 (1048576), \"sector not found\"", 1_048_576);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Throws<DuplicateUnitSerialException>(() => log.Begin(Start("SN-0001", "/dev/sdd")));
        log.Begin(Start("SN-0003", "/dev/sde"));
    }

    private string Database => temp.File("factory.db");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_table_shows_each_attempt()
    {
        var run = CliRun.Of("log", "--log", Database);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.Split('\n');
        var first = lines.Single(l => l.Contains("2026-11-27 23:59:00", StringComparison.Ordinal));
        foreach (var cell in new[] { " 1 ", "station-1", "/dev/sdb", "SN-0001", "node-sn-0001", " ok ", "12.5" })
        {
            Assert.Contains(cell, first, StringComparison.Ordinal);
        }

        Assert.Contains("interrupted", lines.Single(l => l.Contains("SN-0003", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("refused", lines.Single(l => l.Contains("/dev/sdd", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_has_every_column_with_rfc_4180_quoting()
    {
        var run = CliRun.Of("log", "--log", Database, "--csv");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.Split("\r\n");
        Assert.Equal(6, lines.Length);
        Assert.Equal(string.Empty, lines[5]);
        Assert.Equal(
            "id,station,image_path,image_sha256,target,product,version,device_path,device_model,device_serial,device_size,unit_serial,hostname,asset_tag,started_at,ended_at,bytes_written,seconds,result,reason",
            lines[0]);
        Assert.Equal(
            "1,station-1,/factory/images/thinvisor.img,9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,dell-poweredge-r710,thinvisor,1.0.0,/dev/sdb,\"SanDisk Ultra Fit, 16 GB\",4C530001230517,15376000000,SN-0001,node-sn-0001,,2026-11-27T23:59:00.000Z,2026-11-27T23:59:12.500Z,33554432,12.5,ok,",
            lines[1]);
        Assert.EndsWith(
            ",SN-0002,node-sn-0002,,2026-11-28T07:59:12.500Z,2026-11-28T07:59:15.500Z,1048576,3,failed,\"write error at 0x100000 (1048576), \"\"sector not found\"\"\"",
            lines[2],
            StringComparison.Ordinal);
        Assert.EndsWith(",SN-0003,node-sn-0003,,2026-11-28T08:59:15.500Z,,0,,interrupted,the run ended before it recorded a result", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_an_array_with_every_column()
    {
        var run = CliRun.Of("log", "--log", Database, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var attempts = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.GetProperty("id").GetInt64()));
        var ok = attempts[0];
        Assert.Equal(AttemptRecord.Columns.Count, ok.EnumerateObject().Count());
        Assert.Equal("SN-0001", ok.GetProperty("unitSerial").GetString());
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ok.GetProperty("imageSha256").GetString());
        Assert.Equal(15376000000, ok.GetProperty("deviceSize").GetInt64());
        Assert.Equal("2026-11-27T23:59:00.000Z", ok.GetProperty("startedAt").GetString());
        Assert.Equal(12.5, ok.GetProperty("seconds").GetDouble());
        Assert.Equal("ok", ok.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, attempts[3].GetProperty("endedAt").ValueKind);
        Assert.Equal("interrupted", attempts[3].GetProperty("result").GetString());
    }

    [Theory]
    [InlineData("2026-11-28", new long[] { 2, 3, 4 })]
    [InlineData("2026-11-28T08:30:00Z", new long[] { 3, 4 })]
    [InlineData("2026-11-28T10:30+02:00", new long[] { 3, 4 })]
    [InlineData("2026-11-27T23:59", new long[] { 1, 2, 3, 4 })]
    [InlineData("2026-11-29", new long[0])]
    public void Since_takes_a_date_or_a_time_in_utc(string since, long[] ids)
    {
        var run = CliRun.Of("log", "--log", Database, "--since", since, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(ids, json.RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
    }

    [Fact]
    public void Serial_picks_one_units_attempts()
    {
        var run = CliRun.Of("log", "--log", Database, "--serial", "SN-0001", "--csv");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["1", "3"], run.Output.Split("\r\n").Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void The_default_log_is_factory_db_in_the_current_folder()
    {
        var run = CliRun.Of("log", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("flashsmith log", run.Output, StringComparison.Ordinal);
        Assert.Contains("factory.db", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_log_is_bad_input()
    {
        var missing = temp.File("nowhere.db");

        var run = CliRun.Of("log", "--log", missing);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error FS0003: no factory log at {missing}\n", run.Error);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void A_file_that_is_not_a_log_is_bad_input()
    {
        var notes = temp.File("notes.txt");
        File.WriteAllText(notes, new string('x', 8192));

        var run = CliRun.Of("log", "--log", notes);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error FS7003: cannot open the factory log {notes}: file is not a database\n", run.Error);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("28/11/2026")]
    public void A_bad_since_is_bad_input(string since)
    {
        var run = CliRun.Of("log", "--log", Database, "--since", since);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error FS0001: --since '{since}' is neither a date (2026-11-28) nor an ISO-8601 time (2026-11-28T14:30:00Z)\n", run.Error);
    }

    [Fact]
    public void Json_and_csv_together_are_bad_input()
    {
        var run = CliRun.Of("log", "--log", Database, "--json", "--csv");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0001: --json and --csv cannot be used together\n", run.Error);
    }

    [Fact]
    public void An_empty_log_says_so()
    {
        var empty = temp.File("empty.db");
        FactoryLog.Open(empty).Dispose();

        var run = CliRun.Of("log", "--log", empty);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal($"no attempts in {empty}\n", run.Output);
    }

    private static AttemptStart Start(string serial, string device) => new()
    {
        Station = "station-1",
        ImagePath = "/factory/images/thinvisor.img",
        ImageSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        Target = "dell-poweredge-r710",
        Product = "thinvisor",
        Version = "1.0.0",
        DevicePath = device,
        DeviceModel = "SanDisk Ultra Fit, 16 GB",
        DeviceSerial = "4C530001230517",
        DeviceSizeBytes = 15_376_000_000,
        Unit = new UnitIdentity(serial, "node-" + serial.ToLowerInvariant()),
    };
}
