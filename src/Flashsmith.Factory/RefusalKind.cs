namespace Flashsmith.Provisioning;

/// <summary>Why a target is refused; each kind is reported once, naming every instance.</summary>
public enum RefusalKind
{
    SystemDisk,
    HoldsImage,
    Mounted,
    InUse,
    ReadOnly,
    TooSmall,
    FixedDisk,
}
