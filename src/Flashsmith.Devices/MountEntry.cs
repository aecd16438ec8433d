namespace Flashsmith.Devices;

/// <summary>One line of <c>/proc/self/mountinfo</c>: which device is mounted where, and how.</summary>
public sealed record MountEntry(DeviceNumber Device, string Root, string MountPoint, string Options, string FileSystem, string Source)
{
    /// <summary>Mounted read-only (the per-mount option <c>ro</c>).</summary>
    public bool IsReadOnly => Options.Split(',').Contains("ro");
}
