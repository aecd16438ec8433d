using System.Collections.Frozen;

namespace Flashsmith.Devices;

/// <summary>
/// The disks this system runs from: those holding <c>/</c>, <c>/boot</c>, <c>/boot/efi</c>, <c>/usr</c>,
/// <c>/var</c>, <c>/home</c> or active swap. Flashsmith never writes to one, whatever the options.
/// </summary>
public static class SystemDisks
{
    public static FrozenSet<string> MountPoints { get; } = new[] { "/", "/boot", "/boot/efi", "/usr", "/var", "/home" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Each system disk's kernel name, with the uses that make it one.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<DeviceUse>> Find(MountTable mounts, SwapTable swaps, SysfsTree sysfs) =>
        DeviceUses.Find(mounts, swaps, sysfs)
            .Where(u => u.IsSystem)
            .GroupBy(u => u.Disk, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DeviceUse>)[.. g], StringComparer.Ordinal);
}
