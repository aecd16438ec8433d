namespace Flashsmith.Provisioning;

/// <summary>How one device's attempt ended, as its log row records it.</summary>
public sealed record DeviceOutcome(
    string Device,
    string? Model,
    string? DeviceSerial,
    long Size,
    UnitIdentity? Unit,
    AttemptResult Result,
    string? Reason,
    long BytesWritten,
    TimeSpan Elapsed,
    long? AttemptId);
