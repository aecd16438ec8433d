namespace Flashsmith.Provisioning;

/// <summary>
/// One reason a target is refused: a short <see cref="Phrase"/> for a table ("mounted") and a
/// <see cref="Message"/> that names the device and says what to do.
/// </summary>
public sealed record RefusalReason(RefusalKind Kind, string Phrase, string Message)
{
    /// <summary>A stable id for machines: <c>system-disk</c>, <c>too-small</c>.</summary>
    public string Code => Kind switch
    {
        RefusalKind.SystemDisk => "system-disk",
        RefusalKind.HoldsImage => "holds-image",
        RefusalKind.Mounted => "mounted",
        RefusalKind.InUse => "in-use",
        RefusalKind.ReadOnly => "read-only",
        RefusalKind.TooSmall => "too-small",
        RefusalKind.FixedDisk => "fixed-disk",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
