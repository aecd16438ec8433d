namespace Flashsmith.Provisioning;

/// <summary>
/// The factory log's schema as a list of migrations: migration N brings a log from version N-1 to N,
/// and the log's version is SQLite's <c>user_version</c>. A migration that has shipped never changes;
/// a change to the schema is a new migration at the end.
/// </summary>
internal static class FactoryLogSchema
{
    /// <summary>SQLite's <c>application_id</c> of a factory log, "FSLG": tells a factory log from other SQLite files.</summary>
    public const int ApplicationId = 0x46534C47;

    /// <summary>
    /// Which rows hold their unit serial. The upsert that begins an attempt names this predicate to pick the
    /// partial unique index of migration 1; SQLite refuses the upsert if the two ever differ.
    /// </summary>
    public const string SerialTakenPredicate = "result = 'ok' OR ended_at IS NULL";

    private const string Time = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'";

    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: the attempts table. Times are fixed-width UTC text, so that text order is time order.
        // The checks make a row that claims ok without having finished impossible to write. Ids are
        // rowids without AUTOINCREMENT, whose counter an upsert that does nothing would still move: rows
        // are never deleted, so ids stay gapless and a gap would show a deleted row.
        $"""
        CREATE TABLE attempts (
            id            INTEGER PRIMARY KEY,
            station       TEXT NOT NULL,
            image_path    TEXT NOT NULL,
            image_sha256  TEXT,
            target        TEXT,
            product       TEXT,
            version       TEXT,
            device_path   TEXT,
            device_model  TEXT,
            device_serial TEXT,
            device_size   INTEGER CHECK (device_size >= 0),
            unit_serial   TEXT,
            hostname      TEXT,
            asset_tag     TEXT,
            started_at    TEXT NOT NULL CHECK (started_at GLOB {Time}),
            ended_at      TEXT CHECK (ended_at GLOB {Time}),
            bytes_written INTEGER NOT NULL DEFAULT 0 CHECK (bytes_written >= 0),
            seconds       REAL CHECK (seconds >= 0),
            result        TEXT NOT NULL CHECK (result IN ('ok', 'failed', 'refused', 'interrupted')),
            reason        TEXT,
            CHECK ((result = 'ok') = (reason IS NULL)),
            CHECK (ended_at IS NOT NULL OR result = 'interrupted'),
            CHECK ((ended_at IS NULL) = (seconds IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX attempts_unit_serial_taken ON attempts (unit_serial) WHERE result = 'ok' OR ended_at IS NULL;
        CREATE INDEX attempts_started_at ON attempts (started_at);
        """,
    ];
}
