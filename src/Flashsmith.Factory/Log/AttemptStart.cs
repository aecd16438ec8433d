namespace Flashsmith.Provisioning;

/// <summary>
/// What is known when an attempt starts: the station, the image, the device and (unless the units
/// come from a list) the unit's identity. Unknown values are null.
/// </summary>
public sealed record AttemptStart
{
    /// <summary>The host name of the machine that provisions.</summary>
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

    /// <summary>The unit this key is for; null when no unit identity is written.</summary>
    public UnitIdentity? Unit { get; init; }
}
