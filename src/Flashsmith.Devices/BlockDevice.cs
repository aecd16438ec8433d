using Flashsmith.Disk;

namespace Flashsmith.Devices;

/// <summary>A whole disk the kernel lists in <c>/sys/block</c>, with what the safety checks need to know of it.</summary>
public sealed record BlockDevice
{
    /// <summary>The kernel name: <c>sdb</c>, <c>nvme0n1</c>, <c>loop3</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The device node: <c>/dev/sdb</c>.</summary>
    public required string Path { get; init; }

    public required DeviceNumber Number { get; init; }

    public string? Vendor { get; init; }

    public string? Model { get; init; }

    public string? Serial { get; init; }

    public required ByteSize Size { get; init; }

    public int LogicalBlockSize { get; init; } = 512;

    public required Transport Transport { get; init; }

    /// <summary>The kernel's removable flag; USB and MMC devices count as removable whatever it says.</summary>
    public bool Removable { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>Loop, ram, zram, device-mapper and md devices: listed only when all devices are asked for.</summary>
    public bool Virtual { get; init; }

    public IReadOnlyList<BlockPartition> Partitions { get; init; } = [];

    /// <summary>Its file systems mounted, and swap, on the disk itself, its partitions or devices built on them.</summary>
    public IReadOnlyList<DeviceUse> Uses { get; init; } = [];

    /// <summary>Device-mapper and md devices built on the disk or its partitions, mounted or not.</summary>
    public IReadOnlyList<DeviceHolder> Holders { get; init; } = [];

    /// <summary>For a loop device, the file it reads and writes.</summary>
    public string? BackingFile { get; init; }

    public FileIdentity? BackingFileIdentity { get; init; }

    /// <summary>The uses that make it a system disk; empty when it is not one.</summary>
    public IReadOnlyList<DeviceUse> SystemUses => [.. Uses.Where(u => u.IsSystem)];

    public bool IsSystem => Uses.Any(u => u.IsSystem);
}
