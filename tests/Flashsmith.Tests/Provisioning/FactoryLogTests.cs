using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;
using static Flashsmith.Tests.Provisioning.LogFixtures;

namespace Flashsmith.Tests.Provisioning;

public sealed class FactoryLogTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ManualClock clock = new(Morning);

    private string Database => temp.File("factory.db");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Latest_gives_the_last_attempts_of_one_station_newest_first()
    {
        using var log = FactoryLog.Open(Database, clock);
        foreach (var (station, device) in new[] { ("station-1", "/dev/sdb"), ("station-2", "/dev/sdc"), ("station-1", "/dev/sdd"), ("station-1", "/dev/sde"), ("station-2", "/dev/sdf") })
        {
            log.Finish(log.Begin(Start(device: device) with { Station = station }), AttemptResult.Ok, null, 4096);
        }

        Assert.Equal(["/dev/sde", "/dev/sdd"], log.Latest(2, "station-1").Select(a => a.DevicePath));
        Assert.Equal(["/dev/sdf", "/dev/sdc"], log.Latest(12, "station-2").Select(a => a.DevicePath));
        Assert.Empty(log.Latest(12, "station-3"));
    }

    [Fact]
    public void Begin_then_finish_ok_reads_back_every_column()
    {
        using var log = FactoryLog.Open(Database, clock);

        var id = log.Begin(Start("SN-0001"));
        clock.Advance(TimeSpan.FromSeconds(12.5));
        log.Finish(id, AttemptResult.Ok, null, 33_554_432);

        var attempt = Assert.Single(log.Query());
        Assert.Equal(id, attempt.Id);
        Assert.Equal("station-1", attempt.Station);
        Assert.Equal("/factory/images/thinvisor-1.0.0-dell-poweredge-r710.img", attempt.ImagePath);
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", attempt.ImageSha256);
        Assert.Equal(("dell-poweredge-r710", "thinvisor", "1.0.0"), (attempt.Target, attempt.Product, attempt.Version));
        Assert.Equal(("/dev/sdb", "SanDisk Ultra Fit", "4C530001230517", 15_376_000_000L), (attempt.DevicePath, attempt.DeviceModel, attempt.DeviceSerial, attempt.DeviceSizeBytes));
        Assert.Equal(("SN-0001", "node-sn-0001.example.com", "ASSET SN-0001"), (attempt.UnitSerial, attempt.Hostname, attempt.AssetTag));
        Assert.Equal(Morning, attempt.StartedAt);
        Assert.Equal(Morning.AddSeconds(12.5), attempt.EndedAt);
        Assert.Equal(12.5, attempt.Seconds);
        Assert.Equal(33_554_432, attempt.BytesWritten);
        Assert.Equal(AttemptResult.Ok, attempt.Result);
        Assert.Null(attempt.Reason);
    }

    [Fact]
    public void A_begin_without_finish_is_committed_and_reads_back_as_interrupted()
    {
        using (var log = FactoryLog.Open(Database, clock))
        {
            log.Begin(Start("SN-0001"));

            // Another process sees the row while this run still holds the log open: Begin committed it.
            Assert.Equal("1|SN-0001|interrupted|the run ended before it recorded a result||", Sqlite(Database, "select id, unit_serial, result, reason, ended_at, seconds from attempts"));
        }

        using var reopened = FactoryLog.Open(Database, clock);
        var attempt = Assert.Single(reopened.Query());
        Assert.Equal(AttemptResult.Interrupted, attempt.Result);
        Assert.Equal(FactoryLog.InterruptedReason, attempt.Reason);
        Assert.Null(attempt.EndedAt);
        Assert.Null(attempt.Seconds);
    }

    [Theory]
    [InlineData(AttemptResult.Failed, "write error on /dev/sdb at 0x100000 (1048576)")]
    [InlineData(AttemptResult.Interrupted, "interrupted by the operator")]
    [InlineData(AttemptResult.Refused, "/dev/sdb is mounted")]
    public void Only_finish_ok_records_ok(AttemptResult result, string reason)
    {
        using var log = FactoryLog.Open(Database, clock);

        var id = log.Begin(Start("SN-0001"));
        log.Finish(id, result, reason, 4096);

        var attempt = Assert.Single(log.Query());
        Assert.Equal((result, reason), (attempt.Result, attempt.Reason));
        Assert.NotNull(attempt.EndedAt);
    }

    [Fact]
    public void Finish_checks_its_arguments_and_finishes_once()
    {
        using var log = FactoryLog.Open(Database, clock);
        var id = log.Begin(Start("SN-0001"));

        Assert.Throws<ArgumentException>(() => log.Finish(id, AttemptResult.Ok, "fine", 0));
        Assert.Throws<ArgumentException>(() => log.Finish(id, AttemptResult.Failed, null, 0));
        Assert.Throws<ArgumentException>(() => log.Finish(id + 1, AttemptResult.Ok, null, 0));
        log.Finish(id, AttemptResult.Failed, "verify failed", 0);
        Assert.Throws<InvalidOperationException>(() => log.Finish(id, AttemptResult.Ok, null, 0));
        Assert.Equal(AttemptResult.Failed, Assert.Single(log.Query()).Result);
    }

    [Fact]
    public void A_taken_serial_is_refused_and_the_refusal_is_recorded()
    {
        using var log = FactoryLog.Open(Database, clock);
        var first = log.Begin(Start("SN-0001"));

        var refusal = Assert.Throws<DuplicateUnitSerialException>(() => log.Begin(Start("SN-0001", "/dev/sdc")));

        Assert.Equal(
            "unit serial 'SN-0001' is held by attempt 1 on /dev/sdb at station station-1, started 2026-11-28T09:30:00.123Z and not finished (this attempt is recorded as 2, refused)",
            refusal.Message);
        Assert.Equal(("SN-0001", first, 2L), (refusal.UnitSerial, refusal.Holder.Id, refusal.RefusedAttemptId));
        var refused = log.Query()[1];
        Assert.Equal((AttemptResult.Refused, "SN-0001", "/dev/sdc"), (refused.Result, refused.UnitSerial, refused.DevicePath));
        Assert.StartsWith("unit serial 'SN-0001' is held by attempt 1 on /dev/sdb", refused.Reason, StringComparison.Ordinal);
        Assert.NotNull(refused.EndedAt);
    }

    [Fact]
    public void A_taken_serial_is_refused_across_connections()
    {
        using var a = FactoryLog.Open(Database, clock);
        using var b = FactoryLog.Open(Database, clock);

        a.Begin(Start("SN-0001"));

        Assert.Throws<DuplicateUnitSerialException>(() => b.Begin(Start("SN-0001", "/dev/sdc")));
    }

    [Fact]
    public void A_serial_held_by_another_process_is_refused_and_the_database_refuses_theirs()
    {
        using var log = FactoryLog.Open(Database, clock);
        Sqlite(Database, "insert into attempts (station, image_path, device_path, unit_serial, started_at, result, reason) values ('station-2', 'x.img', '/dev/sdz', 'SN-0009', '2026-11-28T09:00:00.000Z', 'interrupted', 'running')");

        var refusal = Assert.Throws<DuplicateUnitSerialException>(() => log.Begin(Start("SN-0009")));
        Assert.StartsWith("unit serial 'SN-0009' is held by attempt 1 on /dev/sdz at station station-2", refusal.Message, StringComparison.Ordinal);

        log.Begin(Start("SN-0010"));
        var theirs = ExternalTool.Run("sqlite3", Database, "insert into attempts (station, image_path, unit_serial, started_at, result, reason) values ('station-2', 'x.img', 'SN-0010', '2026-11-28T09:00:00.000Z', 'interrupted', 'running')");
        Assert.NotEqual(0, theirs.ExitCode);
        Assert.Contains("UNIQUE constraint failed: attempts.unit_serial", theirs.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_attempt_releases_its_serial_and_an_ok_one_keeps_it()
    {
        using var log = FactoryLog.Open(Database, clock);

        log.Finish(log.Begin(Start("SN-0001")), AttemptResult.Failed, "verify failed", 0);
        var second = log.Begin(Start("SN-0001", "/dev/sdc"));
        log.Finish(second, AttemptResult.Ok, null, 1024);

        var refusal = Assert.Throws<DuplicateUnitSerialException>(() => log.Begin(Start("SN-0001", "/dev/sdd")));
        Assert.Equal("unit serial 'SN-0001' was provisioned by attempt 2 on /dev/sdc at station station-1 (this attempt is recorded as 3, refused)", refusal.Message);
        Assert.Equal([AttemptResult.Failed, AttemptResult.Ok, AttemptResult.Refused], log.Query().Select(a => a.Result));
    }

    [Fact]
    public void A_recorded_refusal_does_not_hold_its_serial()
    {
        using var log = FactoryLog.Open(Database, clock);

        var refused = log.Record(Start("SN-0001"), AttemptResult.Refused, "/dev/sdb is the system disk");
        var id = log.Begin(Start("SN-0001", "/dev/sdc"));

        Assert.Equal([(refused, AttemptResult.Refused), (id, AttemptResult.Interrupted)], log.Query().Select(a => (a.Id, a.Result)));
        Assert.Throws<ArgumentException>(() => log.Record(Start(), AttemptResult.Ok, "no"));
    }

    [Fact]
    public void Units_are_handed_out_in_order_skipping_those_taken()
    {
        using var log = FactoryLog.Open(Database, clock);
        var units = Units("A1", "B2", "C3", "D4");
        log.Finish(log.Begin(Start("B2")), AttemptResult.Ok, null, 0);

        var first = log.BeginFromUnits(Start(), units);
        var second = log.BeginFromUnits(Start(device: "/dev/sdc"), units);
        log.Finish(second.AttemptId, AttemptResult.Failed, "write error", 0);
        var third = log.BeginFromUnits(Start(device: "/dev/sdd"), units);
        var fourth = log.BeginFromUnits(Start(device: "/dev/sde"), units);

        Assert.Equal(["A1", "C3", "C3", "D4"], new[] { first, second, third, fourth }.Select(c => c.Unit.Serial));
        var none = Assert.Throws<DeviceFailedException>(() => log.BeginFromUnits(Start(device: "/dev/sdf"), units));
        Assert.Equal(
            "every row of units.csv is provisioned: its 4 units are held by attempts that finished ok or are still running (this attempt is recorded as 6, refused)",
            none.Message);
        var refused = log.Query()[^1];
        Assert.Equal((AttemptResult.Refused, null, "/dev/sdf"), (refused.Result, refused.UnitSerial, refused.DevicePath));
    }

    [Fact]
    public async Task Parallel_stations_each_take_a_different_unit()
    {
        var units = Units([.. Enumerable.Range(1, 8).Select(i => $"UNIT-{i:00}")]);
        using var start = new Barrier(8);

        // Each on its own thread, all opening the new log at once, as stations starting together would.
        var serials = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                using var log = FactoryLog.Open(Database, clock);
                return log.BeginFromUnits(Start(device: $"/dev/sd{(char)('b' + i)}"), units).Unit.Serial;
            },
            TaskCreationOptions.LongRunning)));

        Assert.Equal(units.Units.Select(u => u.Serial).Order(), serials.Order());
        Assert.Equal("interrupted|8|8", Sqlite(Database, "select result, count(*), count(distinct unit_serial) from attempts group by result"));
    }

    [Fact]
    public void Query_filters_by_start_time_and_unit_serial()
    {
        using var log = FactoryLog.Open(Database, clock);
        log.Record(Start("SN-0001"), AttemptResult.Refused, "mounted");
        clock.Advance(TimeSpan.FromDays(1));
        log.Record(Start("SN-0002"), AttemptResult.Refused, "mounted");
        log.Record(Start("SN-0001"), AttemptResult.Failed, "write error");

        Assert.Equal([2L, 3L], log.Query(since: Morning.AddDays(1)).Select(a => a.Id));
        Assert.Equal([1L, 3L], log.Query(unitSerial: "SN-0001").Select(a => a.Id));
        Assert.Equal([3L], log.Query(Morning.AddHours(1), "SN-0001").Select(a => a.Id));
    }

    [Fact]
    public void A_full_disk_is_a_provisioning_failure_naming_the_log()
    {
        using var log = FactoryLog.Open(Database, clock);
        using (var limit = log.Connection.CreateCommand())
        {
            // The log may not grow past its size now, as on a disk that has just filled up.
            limit.CommandText = "PRAGMA page_count";
            var pages = (long)limit.ExecuteScalar()!;
            limit.CommandText = $"PRAGMA max_page_count = {pages}";
            limit.ExecuteNonQuery();
        }

        var failure = Assert.Throws<DeviceFailedException>(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                log.Begin(Start($"SN-{i}"));
            }
        });

        Assert.Equal($"cannot write to the factory log {Database}: database or disk is full; nothing was recorded", failure.Message);
    }

    [Fact]
    public void A_log_in_a_missing_folder_is_bad_input_naming_it()
    {
        var path = temp.File("missing/factory.db");

        var error = Assert.Throws<BadInputException>(() => FactoryLog.Open(path));

        Assert.Equal($"cannot open the factory log {path}: the folder {temp.File("missing")} does not exist", error.Message);
        Assert.False(Directory.Exists(temp.File("missing")));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_bad_input()
    {
        File.WriteAllText(Database, "serial,hostname\nSN-1,node-1\n" + new string('x', 4096));

        var error = Assert.Throws<BadInputException>(() => FactoryLog.Open(Database));

        Assert.Equal($"cannot open the factory log {Database}: file is not a database", error.Message);
    }

    [Fact]
    public void Another_programs_database_is_not_taken_for_a_log()
    {
        Sqlite(Database, "create table notes (text TEXT)");

        var error = Assert.Throws<BadInputException>(() => FactoryLog.Open(Database));

        Assert.Equal($"cannot open the factory log {Database}: it is a SQLite database, but not a factory log", error.Message);
        Assert.Equal("notes", Sqlite(Database, "select name from sqlite_schema"));
    }
}
