namespace Flashsmith.Provisioning;

/// <summary>The words a station shows for each <see cref="SlotStatus"/>, in one place.</summary>
public static class SlotStatusNames
{
    public static string ToName(this SlotStatus status) => status switch
    {
        SlotStatus.Empty => "empty",
        SlotStatus.Writing => "writing",
        SlotStatus.Verifying => "verifying",
        SlotStatus.Done => "done",
        SlotStatus.Failed => "failed",
        SlotStatus.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a slot status"),
    };
}
