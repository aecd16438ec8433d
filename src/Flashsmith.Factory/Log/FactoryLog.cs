using System.Data.Common;
using System.Data;
using System.Globalization;
using Flashsmith.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Flashsmith.Provisioning;

/// <summary>
/// The factory log of record: a SQLite file, or a PostgreSQL database that stations share, in which every
/// attempt to provision a device leaves exactly one row. Both hold the same schema
/// (<see cref="FactoryLogSchema"/>) and are written by the same SQL; only <see cref="FactoryLogDialect"/> differs. An attempt is committed as <c>interrupted</c> when it begins, so a run that dies leaves
/// <c>interrupted</c>, never <c>ok</c>. Unit serials are kept unique by the database's own index, which
/// covers attempts that finished ok or are still running; several processes, and with PostgreSQL several
/// stations, may share the log.
/// A log that cannot be opened, is not a factory log, or has a newer schema than this tool knows is bad
/// input (exit 2); a log that fails while in use (disk full, I/O error, locked for too long) is a
/// provisioning failure (exit 5). One instance is one connection, which threads that share it take in turns.
/// </summary>
public sealed class FactoryLog : IDisposable
{
    /// <summary>The log's file name in the current folder when none is given.</summary>
    public const string DefaultFileName = "factory.db";

    /// <summary>The reason an attempt carries from when it begins until it finishes.</summary>
    public const string InterruptedReason = "the run ended before it recorded a result";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private const string InsertColumns =
        "station, image_path, image_sha256, target, product, version, device_path, device_model, device_serial, device_size, " +
        "unit_serial, hostname, asset_tag, started_at, ended_at, bytes_written, seconds, result, reason";

    private const string InsertValues =
        "@station, @image_path, @image_sha256, @target, @product, @version, @device_path, @device_model, @device_serial, @device_size, " +
        "@unit_serial, @hostname, @asset_tag, @started_at, @ended_at, @bytes_written, @seconds, @result, @reason";

    private readonly DbConnection connection;
    private readonly FactoryLogDialect dialect;
    private readonly IDisposable? owner;
    private readonly TimeProvider clock;
    private readonly Lock turn = new();

    private FactoryLog(string path, DbConnection connection, FactoryLogDialect dialect, IDisposable? owner, TimeProvider clock)
    {
        Path = path;
        this.connection = connection;
        this.dialect = dialect;
        this.owner = owner;
        this.clock = clock;
    }

    /// <summary>The log's full path, or for PostgreSQL its URL without a password, as messages name it.</summary>
    public string Path { get; }

    /// <summary>How many migrations opening this log applied (0 when its schema was current).</summary>
    internal int MigrationsApplied { get; private set; }

    /// <summary>The connection, for tests that need to make the log fail.</summary>
    internal DbConnection Connection => connection;

    /// <summary>Whether <paramref name="location"/> names a PostgreSQL database (<c>postgresql://user@host:port/db</c>) rather than a file.</summary>
    public static bool IsDatabaseUrl(string location) => PostgresLocation.IsUrl(location);

    /// <summary>How messages name <paramref name="location"/>: a file's full path, or the URL without its password.</summary>
    public static string Describe(string location) =>
        IsDatabaseUrl(location) ? PostgresLocation.Parse(location).Display : System.IO.Path.GetFullPath(location);

    /// <summary>
    /// Opens the log at <paramref name="location"/>: a SQLite file, created (but not its folder) when missing,
    /// or a PostgreSQL URL, whose database must exist. Brings its schema up to date. <paramref name="clock"/>
    /// dates the attempts (default: the system clock).
    /// </summary>
    public static FactoryLog Open(string location, TimeProvider? clock = null) =>
        IsDatabaseUrl(location) ? OpenPostgres(PostgresLocation.Parse(location), clock) : OpenSqlite(location, clock);

    private static FactoryLog OpenSqlite(string path, TimeProvider? clock)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new BadInputException(DiagnosticCodes.FactoryLog, $"cannot open the factory log {full}: it is a folder");
        }

        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new BadInputException(DiagnosticCodes.FactoryLog, $"cannot open the factory log {full}: the folder {folder} does not exist");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = SqliteLogDialect.TimeoutSeconds,
        };
        return Connect(full, new SqliteConnection(builder.ToString()), SqliteLogDialect.Instance, null, clock);
    }

    private static FactoryLog OpenPostgres(PostgresLocation location, TimeProvider? clock)
    {
        // The slim builder keeps the natively compiled tool free of the type mappings that need reflection.
        var source = new NpgsqlSlimDataSourceBuilder(location.ConnectionString).Build();
        try
        {
            return Connect(location.Display, source.CreateConnection(), PostgresLogDialect.Instance, source, clock);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static FactoryLog Connect(string name, DbConnection connection, FactoryLogDialect dialect, IDisposable? owner, TimeProvider? clock)
    {
        try
        {
            connection.Open();
            var log = new FactoryLog(name, connection, dialect, owner, clock ?? TimeProvider.System);
            log.Prepare();
            return log;
        }
        catch (DbException ex)
        {
            connection.Dispose();
            throw dialect.IsBadLocation(ex)
                ? new BadInputException(DiagnosticCodes.FactoryLog, $"cannot open the factory log {name}: {dialect.Describe(ex)}")
                : new DeviceFailedException(DiagnosticCodes.FactoryLog, $"cannot open the factory log {name}: {dialect.Describe(ex)}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The form the log stores times in: UTC ISO-8601 to the millisecond, with a Z.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Records the start of an attempt, as <c>interrupted</c> until <see cref="Finish"/>, and commits it.
    /// When another attempt holds <see cref="AttemptStart.Unit"/>'s serial the database refuses the row: then
    /// this attempt is recorded as refused and <see cref="DuplicateUnitSerialException"/> names the holder.
    /// </summary>
    /// <returns>The attempt's id, for <see cref="Finish"/>.</returns>
    public long Begin(AttemptStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var (id, refusal) = Write(transaction =>
        {
            var now = Now();
            if (TryInsertRunning(transaction, start, start.Unit, now) is { } running)
            {
                return (running, (DuplicateUnitSerialException?)null);
            }

            var serial = start.Unit!.Serial;
            var holder = Select(transaction, $"unit_serial = @unit_serial AND ({FactoryLogSchema.SerialTakenPredicate})", P("@unit_serial", serial)).Single();
            var refused = Insert(transaction, start, start.Unit, AttemptResult.Refused, DuplicateUnitSerialException.Describe(serial, holder, null), now);
            return (refused, new DuplicateUnitSerialException(serial, holder, refused));
        });
        return refusal is null ? id : throw refusal;
    }

    /// <summary>
    /// Begins an attempt with the first unit of <paramref name="units"/> whose serial no other attempt holds,
    /// trying each in file order and letting the database's index decide; safe when several stations draw
    /// from the same list. <paramref name="start"/> must name no unit. When every unit is taken the attempt
    /// is recorded as refused and a <see cref="DeviceFailedException"/> says so.
    /// </summary>
    public ClaimedUnit BeginFromUnits(AttemptStart start, UnitsFile units)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(units);
        if (start.Unit is not null)
        {
            throw new ArgumentException("the unit comes from the list, so the start must name none", nameof(start));
        }

        var (claim, refusal) = Write(transaction =>
        {
            var now = Now();
            foreach (var unit in units.Units)
            {
                if (TryInsertRunning(transaction, start, unit, now) is { } id)
                {
                    return (new ClaimedUnit(id, unit), (DeviceFailedException?)null);
                }
            }

            var reason = string.Create(CultureInfo.InvariantCulture, $"every row of {units.Path} is provisioned: its {units.Units.Count} units are held by attempts that finished ok or are still running");
            var refused = Insert(transaction, start, null, AttemptResult.Refused, reason, now);
            return ((ClaimedUnit?)null, new DeviceFailedException(DiagnosticCodes.FactoryLog, string.Create(CultureInfo.InvariantCulture, $"{reason} (this attempt is recorded as {refused}, refused)")));
        });
        return refusal is null ? claim! : throw refusal;
    }

    /// <summary>
    /// Records how attempt <paramref name="id"/> ended, dated by the clock, and commits it. <paramref name="reason"/>
    /// is null for <see cref="AttemptResult.Ok"/> and says why for every other result.
    /// </summary>
    public void Finish(long id, AttemptResult result, string? reason, long bytesWritten)
    {
        CheckReason(result, reason);
        ArgumentOutOfRangeException.ThrowIfNegative(bytesWritten);
        Write(
            transaction =>
            {
                var attempt = Select(transaction, "id = @id", P("@id", id)).SingleOrDefault()
                    ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"attempt {id} is not in the factory log {Path}"), nameof(id));
                if (attempt.EndedAt is not null)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"attempt {id} has already finished as {attempt.Result.ToName()}"));
                }

                var ended = Now();
                var seconds = Math.Max(0, (ended - attempt.StartedAt).TotalSeconds);
                Execute(
                    transaction,
                    "UPDATE attempts SET ended_at = @ended_at, seconds = @seconds, bytes_written = @bytes_written, result = @result, reason = @reason WHERE id = @id",
                    P("@ended_at", FormatTime(ended)),
                    P("@seconds", seconds),
                    P("@bytes_written", bytesWritten),
                    P("@result", result.ToName()),
                    P("@reason", reason),
                    P("@id", id));
                return 0;
            },
            string.Create(CultureInfo.InvariantCulture, $"; attempt {id} stays recorded as interrupted"));
    }

    /// <summary>
    /// Records, complete and at once, an attempt that ended before it began: <see cref="AttemptResult.Refused"/>
    /// (an unsafe device) or <see cref="AttemptResult.Failed"/>. A unit serial it names stays free.
    /// </summary>
    public long Record(AttemptStart start, AttemptResult result, string reason)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (result is not (AttemptResult.Refused or AttemptResult.Failed))
        {
            throw new ArgumentException($"only a refused or failed attempt is recorded at once, not {result.ToName()}", nameof(result));
        }

        CheckReason(result, reason);
        return Write(transaction => Insert(transaction, start, start.Unit, result, reason, Now()));
    }

    /// <summary>The attempts started at or after <paramref name="since"/> and for <paramref name="unitSerial"/> (null: any), by id.</summary>
    public IReadOnlyList<AttemptRecord> Query(DateTimeOffset? since = null, string? unitSerial = null) =>
        Read(() => Select(
            null,
            "(@since IS NULL OR started_at >= @since) AND (@unit_serial IS NULL OR unit_serial = @unit_serial)",
            P("@since", since is { } s ? FormatTime(s) : null),
            P("@unit_serial", unitSerial)));

    /// <summary>The last <paramref name="count"/> attempts of <paramref name="station"/>, newest first.</summary>
    public IReadOnlyList<AttemptRecord> Latest(int count, string station) =>
        Read(() =>
        {
            var records = Select(
                null,
                "id IN (SELECT id FROM attempts WHERE station = @station ORDER BY id DESC LIMIT @count)",
                P("@station", station),
                P("@count", count));
            records.Reverse();
            return records;
        });

    private List<AttemptRecord> Read(Func<List<AttemptRecord>> select)
    {
        try
        {
            lock (turn)
            {
                return select();
            }
        }
        catch (DbException ex) when (dialect.IsStorageFailure(ex))
        {
            throw new DeviceFailedException(DiagnosticCodes.FactoryLog, $"cannot read the factory log {Path}: {dialect.Describe(ex)}");
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        owner?.Dispose();
    }

    private static void CheckReason(AttemptResult result, string? reason)
    {
        if (result == AttemptResult.Ok ? reason is not null : string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException(result == AttemptResult.Ok ? "an ok attempt has no reason" : $"a {result.ToName()} attempt needs a reason", nameof(reason));
        }
    }

    private static AttemptRecord ReadRecord(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new AttemptRecord
        {
            Id = reader.GetInt64(0),
            Station = reader.GetString(1),
            ImagePath = reader.GetString(2),
            ImageSha256 = Text(3),
            Target = Text(4),
            Product = Text(5),
            Version = Text(6),
            DevicePath = Text(7),
            DeviceModel = Text(8),
            DeviceSerial = Text(9),
            DeviceSizeBytes = reader.IsDBNull(10) ? null : reader.GetInt64(10),
            UnitSerial = Text(11),
            Hostname = Text(12),
            AssetTag = Text(13),
            StartedAt = ParseTime(reader.GetString(14)),
            EndedAt = reader.IsDBNull(15) ? null : ParseTime(reader.GetString(15)),
            BytesWritten = reader.GetInt64(16),
            Seconds = reader.IsDBNull(17) ? null : reader.GetDouble(17),
            Result = AttemptResultNames.Parse(reader.GetString(18)),
            Reason = Text(19),
        };
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Sets the connection up for sharing, then migrates the schema in one write transaction.</summary>
    private void Prepare()
    {
        dialect.Configure(connection);
        using var transaction = dialect.BeginWrite(connection);
        dialect.LockSchema(transaction);
        var known = FactoryLogSchema.Migrations.Count;
        var version = dialect.ReadVersion(transaction)
            ?? throw new BadInputException(DiagnosticCodes.FactoryLog, $"cannot open the factory log {Path}: it is a {dialect.Name} database, but not a factory log");
        if (version > known)
        {
            throw new BadInputException(DiagnosticCodes.FactoryLog, string.Create(
                CultureInfo.InvariantCulture,
                $"cannot open the factory log {Path}: its schema is version {version}, and this flashsmith knows versions up to {known}; use a newer flashsmith"));
        }

        for (var next = (int)version; next < known; next++)
        {
            Execute(transaction, FactoryLogSchema.Migrations[next](dialect));
            MigrationsApplied++;
        }

        if (MigrationsApplied > 0)
        {
            dialect.WriteVersion(transaction, known);
        }

        transaction.Commit();
    }

    /// <summary>The clock's time, to the millisecond the log keeps.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction taken at once (so that what it reads cannot change
    /// before it writes) and commits; a failing log is a <see cref="DeviceFailedException"/> naming it.
    /// </summary>
    private T Write<T>(Func<DbTransaction, T> work, string consequence = "; nothing was recorded")
    {
        try
        {
            lock (turn)
            {
                using var transaction = dialect.BeginWrite(connection);
                var result = work(transaction);
                transaction.Commit();
                return result;
            }
        }
        catch (DbException ex) when (dialect.IsStorageFailure(ex))
        {
            throw new DeviceFailedException(DiagnosticCodes.FactoryLog, $"cannot write to the factory log {Path}: {dialect.Describe(ex)}{consequence}");
        }
    }

    /// <summary>
    /// Inserts a running attempt unless the unit's serial is taken: the upsert names the partial unique
    /// index, so that only a taken serial, and no other broken rule, leaves the row out.
    /// </summary>
    private long? TryInsertRunning(DbTransaction transaction, AttemptStart start, UnitIdentity? unit, DateTimeOffset now)
    {
        using var command = Command(
            transaction,
            $"INSERT INTO attempts ({InsertColumns}) VALUES ({InsertValues}) ON CONFLICT (unit_serial) WHERE {FactoryLogSchema.SerialTakenPredicate} DO NOTHING RETURNING id",
            Parameters(start, unit, AttemptResult.Interrupted, InterruptedReason, now, null));
        return command.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Inserts a finished attempt, started and ended now.</summary>
    private long Insert(DbTransaction transaction, AttemptStart start, UnitIdentity? unit, AttemptResult result, string reason, DateTimeOffset now)
    {
        using var command = Command(transaction, $"INSERT INTO attempts ({InsertColumns}) VALUES ({InsertValues}) RETURNING id", Parameters(start, unit, result, reason, now, now));
        return (long)command.ExecuteScalar()!;
    }

    private static Parameter[] Parameters(AttemptStart start, UnitIdentity? unit, AttemptResult result, string reason, DateTimeOffset started, DateTimeOffset? ended) =>
    [
        P("@station", start.Station),
        P("@image_path", start.ImagePath),
        P("@image_sha256", start.ImageSha256),
        P("@target", start.Target),
        P("@product", start.Product),
        P("@version", start.Version),
        P("@device_path", start.DevicePath),
        P("@device_model", start.DeviceModel),
        P("@device_serial", start.DeviceSerial),
        P("@device_size", start.DeviceSizeBytes),
        P("@unit_serial", unit?.Serial),
        P("@hostname", unit?.Hostname),
        P("@asset_tag", unit?.AssetTag),
        P("@started_at", FormatTime(started)),
        P("@ended_at", ended is { } e ? FormatTime(e) : null),
        P("@bytes_written", 0L),
        P("@seconds", ended is null ? null : 0.0),
        P("@result", result.ToName()),
        P("@reason", reason),
    ];

    // Each parameter carries its type, so that a null is a typed null: PostgreSQL must know what it compares.
    private static Parameter P(string name, string? value) => new(name, DbType.String, value);

    private static Parameter P(string name, long? value) => new(name, DbType.Int64, value);

    private static Parameter P(string name, double? value) => new(name, DbType.Double, value);

    private List<AttemptRecord> Select(DbTransaction? transaction, string where, params Parameter[] parameters)
    {
        using var command = Command(transaction, $"SELECT {string.Join(", ", AttemptRecord.Columns)} FROM attempts WHERE {where} ORDER BY id", parameters);
        using var reader = command.ExecuteReader();
        var records = new List<AttemptRecord>();
        while (reader.Read())
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    private void Execute(DbTransaction? transaction, string sql, params Parameter[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(DbTransaction? transaction, string sql)
    {
        using var command = Command(transaction, sql);
        return command.ExecuteScalar();
    }

    private DbCommand Command(DbTransaction? transaction, string sql, params Parameter[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, type, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private readonly record struct Parameter(string Name, DbType Type, object? Value);
}
