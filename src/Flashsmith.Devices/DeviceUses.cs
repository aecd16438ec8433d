namespace Flashsmith.Devices;

/// <summary>
/// Which disks are in use, and how: each mount and each active swap area is followed from its device
/// number (or, for file systems such as btrfs that report an anonymous one, from its source device)
/// to its partition and disk, down through device-mapper and md slaves. A pure function of the tables
/// it is given and of sysfs lookups: it reads no other state.
/// </summary>
public static class DeviceUses
{
    public static IReadOnlyList<DeviceUse> Find(MountTable mounts, SwapTable swaps, SysfsTree sysfs)
    {
        var uses = new List<DeviceUse>();
        var seen = new HashSet<(string, string, string, DeviceUseKind)>();
        void Add(string? folder, string target, DeviceUseKind kind)
        {
            if (folder is null)
            {
                return;
            }

            foreach (var (disk, device, through) in sysfs.DisksUnder(folder))
            {
                if (seen.Add((disk, device, target, kind)))
                {
                    uses.Add(new DeviceUse(disk, device, through, target, kind));
                }
            }
        }

        foreach (var entry in mounts.Entries)
        {
            Add(FolderOf(entry, sysfs), entry.MountPoint, DeviceUseKind.Mount);
        }

        foreach (var area in swaps.Areas)
        {
            if (area.IsFile)
            {
                var entry = mounts.Containing(area.Path);
                Add(entry is null ? null : FolderOf(entry, sysfs), area.Path, DeviceUseKind.SwapFile);
            }
            else
            {
                Add(sysfs.FolderOfDevicePath(area.Path), area.Path, DeviceUseKind.Swap);
            }
        }

        return uses;
    }

    /// <summary>The sysfs folder of the device a mount is on, or null for file systems on no block device (proc, tmpfs, NFS).</summary>
    public static string? FolderOf(MountEntry entry, SysfsTree sysfs) =>
        sysfs.FolderOf(entry.Device) ?? sysfs.FolderOfDevicePath(entry.Source);
}
