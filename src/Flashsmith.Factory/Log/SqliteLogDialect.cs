using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Flashsmith.Provisioning;

/// <summary>
/// A factory log in a SQLite file: the schema's version is <c>user_version</c>, and <c>application_id</c>
/// tells a factory log from other SQLite files. WAL lets stations on one machine share the file.
/// </summary>
internal sealed class SqliteLogDialect : FactoryLogDialect
{
    public const int TimeoutSeconds = 30;

    private const string Time = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'";

    public static SqliteLogDialect Instance { get; } = new();

    public override string Name => "SQLite";

    // A rowid without AUTOINCREMENT, whose counter an upsert that does nothing would still move: rows are
    // never deleted, so ids stay gapless and a gap would show a deleted row.
    public override string IdColumn => "INTEGER PRIMARY KEY";

    public override string Integer => "INTEGER";

    public override string Real => "REAL";

    public override string TableOptions => " STRICT";

    public override string IsLogTime(string column) => $"{column} GLOB {Time}";

    public override void Configure(DbConnection connection)
    {
        Execute(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {TimeoutSeconds * 1000}"));

        // WAL lets readers and one writer share the file; it is remembered in the file. FULL makes each commit durable.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL";
            command.ExecuteScalar();
        }

        Execute(connection, null, "PRAGMA synchronous = FULL");
    }

    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // The write transaction taken at once (BEGIN IMMEDIATE) already keeps every other writer out.
    public override void LockSchema(DbTransaction transaction)
    {
    }

    public override long? ReadVersion(DbTransaction transaction)
    {
        var application = (long)Scalar(transaction, "PRAGMA application_id")!;
        var version = (long)Scalar(transaction, "PRAGMA user_version")!;
        if (application == FactoryLogSchema.ApplicationId)
        {
            return version;
        }

        return application == 0 && version == 0 && (long)Scalar(transaction, "SELECT count(*) FROM sqlite_schema")! == 0 ? 0 : null;
    }

    public override void WriteVersion(DbTransaction transaction, int version)
    {
        Execute(transaction.Connection!, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version}"));
        Execute(transaction.Connection!, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {FactoryLogSchema.ApplicationId}"));
    }

    public override bool IsStorageFailure(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SQLITE_FULL or SQLITE_IOERR or SQLITE_BUSY or SQLITE_LOCKED or SQLITE_NOMEM or SQLITE_READONLY
            or SQLITE_CORRUPT or SQLITE_NOTADB or SQLITE_CANTOPEN or SQLITE_PERM or SQLITE_PROTOCOL };

    public override bool IsBadLocation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: not (SQLITE_FULL or SQLITE_IOERR or SQLITE_BUSY or SQLITE_LOCKED or SQLITE_NOMEM) };

    /// <summary>SQLite's own words for the failure ("database or disk is full").</summary>
    public override string Describe(DbException exception) =>
        exception is SqliteException sqlite ? sqlite3_errstr(sqlite.SqliteErrorCode).utf8_to_string() : exception.Message;
}
