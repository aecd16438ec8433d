namespace Flashsmith.Boot.Measurement;

/// <summary>
/// The measurements of one bank's boot: the events the loader extends <see cref="MeasuredBoot.Pcr"/> with, in order, and the
/// PCR's SHA-256 value after them (from all zeros, as the TPM starts it). A bank the loader gives up before it starts its core
/// has a <see cref="Problem"/> and no value.
/// </summary>
public sealed record BankMeasurement(string Bank, string? Version, IReadOnlyList<MeasuredEvent> Events, string? Problem)
{
    /// <summary>The PCR's value after the events, hex; null when the bank does not boot.</summary>
    public string? Value => Problem is null ? Convert.ToHexStringLower(MeasuredBoot.Replay(Events)) : null;
}
