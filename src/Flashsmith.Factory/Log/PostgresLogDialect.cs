using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Flashsmith.Provisioning;

/// <summary>
/// A factory log in a PostgreSQL database that several stations share: the schema's version is kept in
/// the table <c>factory_log_schema</c>, and migrations hold an advisory lock so that stations starting
/// together migrate once. Ids come from an identity column and may have gaps (a claim that lost a race
/// still draws a number); rows are never deleted all the same.
/// </summary>
internal sealed class PostgresLogDialect : FactoryLogDialect
{
    public static PostgresLogDialect Instance { get; } = new();

    public override string Name => "PostgreSQL";

    public override string IdColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string Integer => "BIGINT";

    public override string Real => "DOUBLE PRECISION";

    public override string TableOptions => string.Empty;

    public override string IsLogTime(string column) =>
        $"{column} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}[.][0-9]{{3}}Z$'";

    public override void Configure(DbConnection connection)
    {
        // Read committed: a claim that meets a serial another station is inserting waits for that station's commit.
        Execute(connection, null, "SET synchronous_commit = on");
    }

    public override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);

    public override void LockSchema(DbTransaction transaction) =>
        Scalar(transaction, string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({FactoryLogSchema.ApplicationId})"));

    public override long? ReadVersion(DbTransaction transaction)
    {
        if (Scalar(transaction, "SELECT to_regclass('factory_log_schema') IS NOT NULL") is true)
        {
            var row = Scalar(transaction, "SELECT version FROM factory_log_schema WHERE application_id = " + FactoryLogSchema.ApplicationId.ToString(CultureInfo.InvariantCulture));
            return row is int version ? version : null;
        }

        return (long)Scalar(transaction, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")! == 0 ? 0 : null;
    }

    public override void WriteVersion(DbTransaction transaction, int version)
    {
        Execute(transaction.Connection!, transaction, "CREATE TABLE IF NOT EXISTS factory_log_schema (application_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
        Execute(
            transaction.Connection!,
            transaction,
            string.Create(CultureInfo.InvariantCulture, $"INSERT INTO factory_log_schema VALUES ({FactoryLogSchema.ApplicationId}, {version}) ON CONFLICT (application_id) DO UPDATE SET version = EXCLUDED.version"));
    }

    public override bool IsStorageFailure(DbException exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal) // disk full, out of memory, too many connections
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal) // shut down by the administrator
            || pg.SqlState.StartsWith("58", StringComparison.Ordinal) // I/O error
            || pg.SqlState is "40001" or "40P01" or "55P03" or "25006", // serialization, deadlock, lock timeout, read-only
        NpgsqlException => true, // the server could not be reached or went away
        _ => false,
    };

    public override bool IsBadLocation(DbException exception) =>
        exception is PostgresException pg && (pg.SqlState.StartsWith("28", StringComparison.Ordinal) || pg.SqlState == "3D000");

    public override string Describe(DbException exception) => exception switch
    {
        PostgresException pg => pg.MessageText,
        _ when exception.InnerException is { } inner => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };
}
