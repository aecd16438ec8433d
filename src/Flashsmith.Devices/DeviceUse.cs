namespace Flashsmith.Devices;

/// <summary>
/// One way a disk is in use: <see cref="Device"/> (the disk itself or one of its partitions),
/// perhaps <see cref="Through"/> device-mapper or md devices, is mounted on <see cref="Target"/>,
/// is swap (<see cref="Target"/> is the swap device as /proc/swaps names it), or holds a swap file
/// (<see cref="Target"/> is the file).
/// </summary>
public sealed record DeviceUse(string Disk, string Device, IReadOnlyList<string> Through, string Target, DeviceUseKind Kind)
{
    /// <summary>A use that makes the disk a system disk: one of <see cref="SystemDisks.MountPoints"/>, or active swap.</summary>
    public bool IsSystem => Kind != DeviceUseKind.Mount || SystemDisks.MountPoints.Contains(Target);

    /// <summary>What the disk holds, in a word: "/" for a mount, "swap" for swap.</summary>
    public string Holds => Kind == DeviceUseKind.Mount ? Target : "swap";

    /// <summary>"sda2 through dm-0 (cryptroot) mounted on /", "nvme0n1p3 used as swap".</summary>
    public string Describe()
    {
        var through = Through.Count == 0 ? string.Empty : $" through {string.Join(", ", Through)}";
        return Kind switch
        {
            DeviceUseKind.Swap => $"{Device}{through} used as swap",
            DeviceUseKind.SwapFile => $"{Device}{through} holds the swap file {Target}",
            _ => $"{Device}{through} mounted on {Target}",
        };
    }
}
