namespace Flashsmith.Provisioning;

/// <summary>
/// The factory log's one schema, for every database it lives in, as a list of migrations: migration N
/// brings a log from version N-1 to N. Each migration is written once; a <see cref="FactoryLogDialect"/>
/// only spells its types. A migration that has shipped never changes; a change to the schema is a new
/// migration at the end.
/// </summary>
internal static class FactoryLogSchema
{
    /// <summary>The mark of a factory log, "FSLG": SQLite's <c>application_id</c>, PostgreSQL's row in <c>factory_log_schema</c>.</summary>
    public const int ApplicationId = 0x46534C47;

    /// <summary>
    /// Which rows hold their unit serial. The upsert that begins an attempt names this predicate to pick the
    /// partial unique index of migration 1; both databases refuse the upsert if the two ever differ.
    /// </summary>
    public const string SerialTakenPredicate = "result = 'ok' OR ended_at IS NULL";

    public static IReadOnlyList<Func<FactoryLogDialect, string>> Migrations { get; } =
    [
        // 1: the attempts table. Times are fixed-width UTC text, so that text order is time order.
        // The checks make a row that claims ok without having finished impossible to write.
        d => $"""
        CREATE TABLE attempts (
            id            {d.IdColumn},
            station       TEXT NOT NULL,
            image_path    TEXT NOT NULL,
            image_sha256  TEXT,
            target        TEXT,
            product       TEXT,
            version       TEXT,
            device_path   TEXT,
            device_model  TEXT,
            device_serial TEXT,
            device_size   {d.Integer} CHECK (device_size >= 0),
            unit_serial   TEXT,
            hostname      TEXT,
            asset_tag     TEXT,
            started_at    TEXT NOT NULL CHECK ({d.IsLogTime("started_at")}),
            ended_at      TEXT CHECK ({d.IsLogTime("ended_at")}),
            bytes_written {d.Integer} NOT NULL DEFAULT 0 CHECK (bytes_written >= 0),
            seconds       {d.Real} CHECK (seconds >= 0),
            result        TEXT NOT NULL CHECK (result IN ('ok', 'failed', 'refused', 'interrupted')),
            reason        TEXT,
            CHECK ((result = 'ok') = (reason IS NULL)),
            CHECK (ended_at IS NOT NULL OR result = 'interrupted'),
            CHECK ((ended_at IS NULL) = (seconds IS NULL))
        ){d.TableOptions};
        CREATE UNIQUE INDEX attempts_unit_serial_taken ON attempts (unit_serial) WHERE {SerialTakenPredicate};
        CREATE INDEX attempts_started_at ON attempts (started_at);
        """,
    ];
}
