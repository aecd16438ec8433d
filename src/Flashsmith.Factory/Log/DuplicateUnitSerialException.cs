using System.Globalization;
using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// The unit serial is held by another attempt, finished ok or still running, so the database refused
/// a second one (exit code 5). This attempt is recorded as refused.
/// </summary>
public sealed class DuplicateUnitSerialException : DeviceFailedException
{
    public DuplicateUnitSerialException(string unitSerial, AttemptRecord holder, long refusedAttemptId)
        : base(DiagnosticCodes.SerialTaken, Describe(unitSerial, holder, refusedAttemptId))
    {
        UnitSerial = unitSerial;
        Holder = holder;
        RefusedAttemptId = refusedAttemptId;
    }

    public string UnitSerial { get; }

    /// <summary>The attempt that holds the serial.</summary>
    public AttemptRecord Holder { get; }

    /// <summary>The refused attempt recorded for this try.</summary>
    public long RefusedAttemptId { get; }

    /// <summary>The message, also the refused attempt's reason.</summary>
    internal static string Describe(string unitSerial, AttemptRecord holder, long? refusedAttemptId)
    {
        var device = holder.DevicePath ?? "an unnamed device";
        var state = holder.Result == AttemptResult.Ok
            ? string.Create(CultureInfo.InvariantCulture, $"was provisioned by attempt {holder.Id} on {device} at station {holder.Station}")
            : string.Create(CultureInfo.InvariantCulture, $"is held by attempt {holder.Id} on {device} at station {holder.Station}, started {FactoryLog.FormatTime(holder.StartedAt)} and not finished");
        var refused = refusedAttemptId is { } id ? string.Create(CultureInfo.InvariantCulture, $" (this attempt is recorded as {id}, refused)") : string.Empty;
        return $"unit serial '{unitSerial}' {state}{refused}";
    }
}
