using System.Data.Common;

namespace Flashsmith.Provisioning;

/// <summary>
/// What differs between the databases a factory log lives in: how the one schema of
/// <see cref="FactoryLogSchema"/> is spelt, how the schema's version is kept, how a write transaction is
/// taken, and which failures are the storage's (exit 5) rather than ours. Everything else, the SQL that
/// begins, claims and finishes attempts included, is shared.
/// </summary>
internal abstract class FactoryLogDialect
{
    /// <summary>The database's name, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>The id column: an integer key the database assigns.</summary>
    public abstract string IdColumn { get; }

    /// <summary>A 64-bit integer column.</summary>
    public abstract string Integer { get; }

    /// <summary>A double-precision column.</summary>
    public abstract string Real { get; }

    /// <summary>What follows the closing parenthesis of CREATE TABLE.</summary>
    public abstract string TableOptions { get; }

    /// <summary>A condition that <paramref name="column"/> holds a time as the log writes it: 2026-11-28T09:30:00.123Z.</summary>
    public abstract string IsLogTime(string column);

    /// <summary>Sets up a new connection (durability, sharing with other writers).</summary>
    public abstract void Configure(DbConnection connection);

    /// <summary>A transaction for work that reads and then writes: no other writer can change what it read first.</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Keeps other stations from migrating the same database at the same time, until the transaction ends.</summary>
    public abstract void LockSchema(DbTransaction transaction);

    /// <summary>The schema's version; 0 for an empty database, null for a database that holds something other than a factory log.</summary>
    public abstract long? ReadVersion(DbTransaction transaction);

    /// <summary>Records that the schema is at <paramref name="version"/>.</summary>
    public abstract void WriteVersion(DbTransaction transaction, int version);

    /// <summary>Whether <paramref name="exception"/> is the storage failing (full, unreachable, locked too long), not a mistake in our SQL.</summary>
    public abstract bool IsStorageFailure(DbException exception);

    /// <summary>Whether a failure to open the log is the operator's to fix (a wrong name, password or file): bad input, not a failing log.</summary>
    public abstract bool IsBadLocation(DbException exception);

    /// <summary>The database's own words for a failure.</summary>
    public abstract string Describe(DbException exception);

    protected static object? Scalar(DbTransaction transaction, string sql)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    protected static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
