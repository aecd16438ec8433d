namespace Flashsmith.Provisioning;

/// <summary>
/// One slot of a station as it is now: its state, the device in it, the unit its key is for, how far the
/// phase is, and the last error. <see cref="LastResult"/> keeps how the last key ended after it is removed.
/// </summary>
public sealed record SlotState(
    string Slot,
    SlotStatus Status,
    string? Device,
    string? UnitSerial,
    long Done,
    long Total,
    string? Error,
    long? AttemptId,
    AttemptResult? LastResult)
{
    /// <summary>The phase's progress, 0 to 100.</summary>
    public int Percent => Status == SlotStatus.Done ? 100 : Total > 0 ? (int)Math.Min(100, Done * 100 / Total) : 0;
}
