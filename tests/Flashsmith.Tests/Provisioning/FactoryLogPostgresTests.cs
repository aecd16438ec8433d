using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;
using static Flashsmith.Tests.Provisioning.LogFixtures;

namespace Flashsmith.Tests.Provisioning;

/// <summary>
/// The factory log in a real PostgreSQL server the tests start: the same schema, migrations and rules as
/// in SQLite, judged by psql.
/// </summary>
public sealed class FactoryLogPostgresTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private readonly ManualClock clock = new(Morning);

    [Fact]
    public void The_first_open_migrates_the_same_schema_and_the_next_does_not()
    {
        var url = server.CreateDatabase();
        using (var first = FactoryLog.Open(url, clock))
        {
            Assert.Equal(FactoryLogSchema.Migrations.Count, first.MigrationsApplied);
        }

        using var second = FactoryLog.Open(url, clock);

        Assert.Equal(0, second.MigrationsApplied);
        var database = Database(url);
        Assert.Equal("1179864135|1", server.Psql(database, "select application_id, version from factory_log_schema"));
        Assert.Equal(AttemptRecord.Columns, server.Psql(database, "select column_name from information_schema.columns where table_name = 'attempts' order by ordinal_position").Split('\n'));
        Assert.Equal(
            "CREATE UNIQUE INDEX attempts_unit_serial_taken ON public.attempts USING btree (unit_serial) WHERE ((result = 'ok'::text) OR (ended_at IS NULL))",
            server.Psql(database, "select indexdef from pg_indexes where indexname = 'attempts_unit_serial_taken'"));
        Assert.Equal($"postgresql://postgres@127.0.0.1:{server.Port}/{database}", second.Path);
    }

    [Fact]
    public void Latest_gives_the_last_attempts_of_one_station_newest_first()
    {
        using var log = FactoryLog.Open(server.CreateDatabase(), clock);
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
        using var log = FactoryLog.Open(server.CreateDatabase(), clock);

        var id = log.Begin(Start("SN-0001"));
        clock.Advance(TimeSpan.FromSeconds(12.5));
        log.Finish(id, AttemptResult.Ok, null, 33_554_432);

        var attempt = Assert.Single(log.Query());
        Assert.Equal(("station-1", "SN-0001", "node-sn-0001.example.com", "ASSET SN-0001"), (attempt.Station, attempt.UnitSerial, attempt.Hostname, attempt.AssetTag));
        Assert.Equal(("/dev/sdb", "SanDisk Ultra Fit", 15_376_000_000L), (attempt.DevicePath, attempt.DeviceModel, attempt.DeviceSizeBytes));
        Assert.Equal((Morning, Morning.AddSeconds(12.5), 12.5), (attempt.StartedAt, attempt.EndedAt, attempt.Seconds));
        Assert.Equal((33_554_432L, AttemptResult.Ok, (string?)null), (attempt.BytesWritten, attempt.Result, attempt.Reason));
        Assert.Single(log.Query(Morning, "SN-0001"));
        Assert.Empty(log.Query(Morning.AddSeconds(1)));
    }

    [Fact]
    public void A_serial_taken_on_another_connection_is_refused_and_the_database_refuses_a_second_row()
    {
        var url = server.CreateDatabase();
        using var a = FactoryLog.Open(url, clock);
        using var b = FactoryLog.Open(url, clock);
        var held = a.Begin(Start("SN-0001", "/dev/sdb"));

        var error = Assert.Throws<DuplicateUnitSerialException>(() => b.Begin(Start("SN-0001", "/dev/sdc")));

        Assert.Equal(held, error.Holder.Id);
        var database = Database(url);
        Assert.Equal("SN-0001|interrupted\nSN-0001|refused", server.Psql(database, "select unit_serial, result from attempts order by id"));
        var insert = server.PsqlRun(database, "insert into attempts (station, image_path, unit_serial, started_at, result, reason) values ('psql', 'x', 'SN-0001', '2026-11-28T09:30:00.123Z', 'interrupted', 'by hand')");
        Assert.Contains("duplicate key value violates unique constraint \"attempts_unit_serial_taken\"", insert.Error, StringComparison.Ordinal);
        var ok = server.PsqlRun(database, "update attempts set result = 'ok', reason = null where id = " + held);
        Assert.Contains("violates check constraint", ok.Error, StringComparison.Ordinal);

        a.Finish(held, AttemptResult.Failed, "write error", 0);
        Assert.True(b.Begin(Start("SN-0001", "/dev/sdc")) > held);
    }

    [Fact]
    public async Task Stations_racing_for_units_each_get_a_different_one()
    {
        var url = server.CreateDatabase();
        FactoryLog.Open(url, clock).Dispose();
        var units = Units([.. Enumerable.Range(1, 8).Select(i => $"U-{i}")]);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(
            () =>
            {
                using var log = FactoryLog.Open(url, clock);
                return log.BeginFromUnits(Start(device: $"/dev/sd{(char)('b' + i)}"), units).Unit.Serial;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.Equal(units.Units.Select(u => u.Serial).Order(StringComparer.Ordinal), claims.Order(StringComparer.Ordinal));
        using var last = FactoryLog.Open(url, clock);
        Assert.Throws<DeviceFailedException>(() => last.BeginFromUnits(Start(device: "/dev/sdz"), units));
    }

    [Fact]
    public void A_newer_schema_or_another_programs_database_is_refused_and_a_missing_one_is_bad_input()
    {
        var newer = server.CreateDatabase();
        FactoryLog.Open(newer, clock).Dispose();
        server.Psql(Database(newer), "update factory_log_schema set version = 2");
        var other = server.CreateDatabase();
        server.Psql(Database(other), "create table invoices (id int)");

        var tooNew = Assert.Throws<BadInputException>(() => FactoryLog.Open(newer, clock));
        var notLog = Assert.Throws<BadInputException>(() => FactoryLog.Open(other, clock));
        var missing = Assert.Throws<BadInputException>(() => FactoryLog.Open(server.Url("nosuchdb"), clock));

        Assert.Equal($"cannot open the factory log {newer}: its schema is version 2, and this flashsmith knows versions up to 1; use a newer flashsmith", tooNew.Message);
        Assert.Equal($"cannot open the factory log {other}: it is a PostgreSQL database, but not a factory log", notLog.Message);
        Assert.Contains("\"nosuchdb\" does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_a_provisioning_failure()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = Assert.Throws<DeviceFailedException>(() => FactoryLog.Open($"postgresql://postgres@127.0.0.1:{port}/factory", clock));

        Assert.StartsWith($"cannot open the factory log postgresql://postgres@127.0.0.1:{port}/factory: ", error.Message, StringComparison.Ordinal);
    }

    private static string Database(string url) => url[(url.LastIndexOf('/') + 1)..];
}
