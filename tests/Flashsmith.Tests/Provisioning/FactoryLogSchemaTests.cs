using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;
using static Flashsmith.Tests.Provisioning.LogFixtures;

namespace Flashsmith.Tests.Provisioning;

public sealed class FactoryLogSchemaTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ManualClock clock = new(Morning);

    private string Database => temp.File("factory.db");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_first_open_migrates_and_the_next_does_not()
    {
        using (var first = FactoryLog.Open(Database, clock))
        {
            Assert.Equal(FactoryLogSchema.Migrations.Count, first.MigrationsApplied);
            first.Begin(Start("SN-0001"));
        }

        using var second = FactoryLog.Open(Database, clock);

        Assert.Equal(0, second.MigrationsApplied);
        Assert.Single(second.Query());
        Assert.Equal("1|1179864135|wal", Sqlite(Database, "select * from pragma_user_version, pragma_application_id, pragma_journal_mode"));
    }

    [Fact]
    public void A_log_of_a_newer_schema_is_refused()
    {
        FactoryLog.Open(Database, clock).Dispose();
        Sqlite(Database, "pragma user_version = 2");

        var error = Assert.Throws<BadInputException>(() => FactoryLog.Open(Database, clock));

        Assert.Equal($"cannot open the factory log {Database}: its schema is version 2, and this flashsmith knows versions up to 1; use a newer flashsmith", error.Message);
    }

    [Fact]
    public void Sqlite3_sees_the_unique_index_on_unit_serials()
    {
        FactoryLog.Open(Database, clock).Dispose();

        var schema = Sqlite(Database, ".schema attempts");

        Assert.Contains(
            $"CREATE UNIQUE INDEX attempts_unit_serial_taken ON attempts (unit_serial) WHERE {FactoryLogSchema.SerialTakenPredicate};",
            schema,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_columns_are_the_tables_columns()
    {
        FactoryLog.Open(Database, clock).Dispose();

        Assert.Equal(AttemptRecord.Columns, Sqlite(Database, "select name from pragma_table_info('attempts') order by cid").Split('\n'));
    }

    [Fact]
    public void Sqlite3_counts_the_results_of_every_attempt()
    {
        using (var log = FactoryLog.Open(Database, clock))
        {
            log.Finish(log.Begin(Start("SN-0001")), AttemptResult.Ok, null, 1024);
            log.Finish(log.Begin(Start("SN-0002")), AttemptResult.Failed, "verify failed at 0x100000 (1048576)", 512);
            log.Begin(Start("SN-0003"));
            Assert.Throws<DuplicateUnitSerialException>(() => log.Begin(Start("SN-0001")));
        }

        Assert.Equal(
            "failed|1\ninterrupted|1\nok|1\nrefused|1",
            Sqlite(Database, "select result, count(*) from attempts group by result order by result"));
        Assert.Equal(
            "SN-0001|ok|2026-11-28T09:30:00.123Z|2026-11-28T09:30:00.123Z|0.0",
            Sqlite(Database, "select unit_serial, result, started_at, ended_at, seconds from attempts where id = 1"));
    }

    [Fact]
    public void The_database_refuses_an_ok_that_did_not_finish_or_gives_a_reason()
    {
        using var log = FactoryLog.Open(Database, clock);
        log.Begin(Start("SN-0001"));

        var unfinished = ExternalTool.Run("sqlite3", Database, "update attempts set result = 'ok', reason = null where id = 1");
        var withReason = ExternalTool.Run("sqlite3", Database, "update attempts set result = 'ok', ended_at = started_at, seconds = 0 where id = 1");

        Assert.Contains("CHECK constraint failed", unfinished.Error, StringComparison.Ordinal);
        Assert.Contains("CHECK constraint failed", withReason.Error, StringComparison.Ordinal);
        Assert.Equal(AttemptResult.Interrupted, Assert.Single(log.Query()).Result);
    }
}
