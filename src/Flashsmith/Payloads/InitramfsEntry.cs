namespace Flashsmith.Payloads;

/// <summary>One member of a cpio archive as its header says: the path as stored (no leading '/'), mode, owner, time and size.</summary>
public sealed record InitramfsEntry(
    string Path,
    uint Mode,
    uint Uid,
    uint Gid,
    uint ModifiedSeconds,
    uint Size,
    string? LinkTarget,
    uint DeviceMajor,
    uint DeviceMinor)
{
    public CpioFileType Type => (CpioFileType)(Mode & CpioNewcHeader.TypeMask);

    public UnixFileMode Permissions => (UnixFileMode)(Mode & ~CpioNewcHeader.TypeMask);
}
