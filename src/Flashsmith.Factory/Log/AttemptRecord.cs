namespace Flashsmith.Provisioning;

/// <summary>One row of the factory log: one attempt to provision a device, however it ended.</summary>
public sealed record AttemptRecord
{
    /// <summary>The log's columns, in table order; <see cref="Values"/> gives a record's values in the same order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "station", "image_path", "image_sha256", "target", "product", "version",
        "device_path", "device_model", "device_serial", "device_size", "unit_serial", "hostname", "asset_tag",
        "started_at", "ended_at", "bytes_written", "seconds", "result", "reason",
    ];

    public required long Id { get; init; }

    public required string Station { get; init; }

    public required string ImagePath { get; init; }

    public string? ImageSha256 { get; init; }

    public string? Target { get; init; }

    public string? Product { get; init; }

    public string? Version { get; init; }

    public string? DevicePath { get; init; }

    public string? DeviceModel { get; init; }

    public string? DeviceSerial { get; init; }

    public long? DeviceSizeBytes { get; init; }

    public string? UnitSerial { get; init; }

    public string? Hostname { get; init; }

    public string? AssetTag { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Null while the attempt runs, or when its run ended without recording a result.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public long BytesWritten { get; init; }

    public double? Seconds { get; init; }

    public required AttemptResult Result { get; init; }

    /// <summary>Why the attempt did not succeed; null for <see cref="AttemptResult.Ok"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>The values as the log stores them (text, integer, real or null), in <see cref="Columns"/> order.</summary>
    public IReadOnlyList<object?> Values() =>
    [
        Id, Station, ImagePath, ImageSha256, Target, Product, Version,
        DevicePath, DeviceModel, DeviceSerial, DeviceSizeBytes, UnitSerial, Hostname, AssetTag,
        FactoryLog.FormatTime(StartedAt), EndedAt is { } ended ? FactoryLog.FormatTime(ended) : null, BytesWritten, Seconds, Result.ToName(), Reason,
    ];
}
