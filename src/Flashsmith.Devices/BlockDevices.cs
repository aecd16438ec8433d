using System.Globalization;
using Flashsmith.Disk;

namespace Flashsmith.Devices;

/// <summary>
/// The whole disks of this machine (or of fixture trees), read from sysfs with their partitions and
/// what of them is mounted or swap, as it is at the moment of the call.
/// </summary>
public sealed class BlockDevices(SystemRoots roots)
{
    private const int SectorBytes = 512;
    private const int MaxLoopDepth = 8;

    public static BlockDevices Host { get; } = new(SystemRoots.Host);

    public SystemRoots Roots { get; } = roots;

    public SysfsTree Sysfs { get; } = new(roots);

    public MountTable ReadMounts() => MountTable.Read(Roots);

    public SwapTable ReadSwaps() => SwapTable.Read(Roots);

    /// <summary>Every use of every disk, read now.</summary>
    public IReadOnlyList<DeviceUse> ReadUses() => DeviceUses.Find(ReadMounts(), ReadSwaps(), Sysfs);

    /// <summary>
    /// The whole disks in natural name order. Virtual ones (loop, ram, zram, device-mapper, md) only
    /// when <paramref name="all"/>, and then not when they are empty (a loop device with nothing attached,
    /// a zram device not set up).
    /// </summary>
    public IReadOnlyList<BlockDevice> List(bool all = false)
    {
        var uses = ReadUses();
        var devices = new List<BlockDevice>();
        foreach (var name in Names())
        {
            var folder = Sysfs.FolderOfName(name);
            var device = folder is null ? null : Describe(folder, uses);
            if (device is null || (device.Virtual && (!all || device.Size.Bytes == 0)))
            {
                continue;
            }

            devices.Add(device);
        }

        return devices;
    }

    /// <summary>The whole disk the kernel calls <paramref name="name"/>, virtual or not; null when there is none.</summary>
    public BlockDevice? Find(string name)
    {
        var folder = Names().Contains(name) ? Sysfs.FolderOfName(name) : null;
        return folder is null ? null : Describe(folder, ReadUses());
    }

    /// <summary>
    /// The whole disks under the file system that holds the file <paramref name="path"/>: through
    /// device-mapper and md, and for a loop device also the disks holding its backing file.
    /// </summary>
    public IReadOnlyList<string> DisksHolding(string path, FileIdentity identity) => DisksHolding(path, identity, ReadMounts(), 0);

    internal BlockDevice? Describe(string folder, IReadOnlyList<DeviceUse> uses)
    {
        var name = Path.GetFileName(folder);
        if (Sysfs.Number(folder) is not { } number)
        {
            // Gone while we looked (a loop device detached, a key pulled out).
            return null;
        }

        var transport = TransportOf(folder, name);
        var device = Path.Combine(folder, "device");
        var usb = transport == Transport.Usb ? UsbDeviceOf(folder) : null;
        var partitions = Partitions(folder);
        var backing = transport == Transport.Loop ? Sysfs.Read(folder, Path.Combine("loop", "backing_file")) : null;
        return new BlockDevice
        {
            Name = name,
            Path = Roots.DevicePath(name),
            Number = number,
            Vendor = NameOnly(Sysfs.Read(device, "vendor")) ?? (usb is null ? null : Sysfs.Read(usb, "manufacturer")),
            Model = Sysfs.Read(device, "model") ?? Sysfs.Read(device, "name") ?? (usb is null ? null : Sysfs.Read(usb, "product")),
            Serial = Sysfs.Read(device, "serial") ?? Sysfs.Read(folder, "serial") ?? (usb is null ? null : Sysfs.Read(usb, "serial"))
                ?? Sysfs.Read(device, "wwid") ?? Sysfs.Read(folder, "wwid"),
            Size = new ByteSize(Sectors(folder) * SectorBytes),
            LogicalBlockSize = int.TryParse(Sysfs.Read(folder, Path.Combine("queue", "logical_block_size")), NumberStyles.None, CultureInfo.InvariantCulture, out var block) ? block : SectorBytes,
            Transport = transport,
            Removable = Sysfs.Read(folder, "removable") == "1" || transport is Transport.Usb or Transport.Mmc,
            ReadOnly = Sysfs.Read(folder, "ro") == "1",
            Virtual = IsVirtual(folder, name),
            Partitions = partitions,
            Uses = [.. uses.Where(u => u.Disk == name)],
            Holders = [.. new[] { folder }.Concat(partitions.Select(p => Path.Combine(folder, p.Name)))
                .SelectMany(f => Sysfs.Linked(f, "holders").Select(h => new DeviceHolder(Path.GetFileName(f), Sysfs.Label(h))))],
            BackingFile = backing,
            BackingFileIdentity = backing is null ? null : Identity(backing),
        };
    }

    private IReadOnlyList<string> DisksHolding(string path, FileIdentity identity, MountTable mounts, int depth)
    {
        var folder = Sysfs.FolderOf(identity.Device);
        if (folder is null && mounts.Containing(PathResolver.Canonical(path)) is { } entry)
        {
            // btrfs and others report an anonymous device number; their source names the device.
            folder = DeviceUses.FolderOf(entry, Sysfs);
        }

        var disks = folder is null ? [] : Sysfs.DisksUnder(folder).Select(d => d.Disk).Distinct(StringComparer.Ordinal).ToList();
        foreach (var disk in disks.ToList())
        {
            var backing = disk.StartsWith("loop", StringComparison.Ordinal) && depth < MaxLoopDepth && Sysfs.FolderOfName(disk) is { } loop
                ? Sysfs.Read(loop, Path.Combine("loop", "backing_file"))
                : null;
            if (backing is not null && Identity(backing) is { } inner)
            {
                disks.AddRange(DisksHolding(backing, inner, mounts, depth + 1).Where(d => !disks.Contains(d)));
            }
        }

        return disks;
    }

    private List<string> Names()
    {
        var folder = Path.Combine(Roots.Sys, "block");
        List<string> names = Directory.Exists(folder) ? [.. Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>()] : [];
        names.Sort(NaturalOrder);
        return names;
    }

    private List<BlockPartition> Partitions(string folder)
    {
        var partitions = new List<BlockPartition>();
        string[] entries;
        try
        {
            entries = Directory.GetDirectories(folder);
        }
        catch (IOException)
        {
            return partitions;
        }

        foreach (var entry in entries.Where(Sysfs.IsPartition))
        {
            if (Sysfs.Number(entry) is { } number)
            {
                var name = Path.GetFileName(entry);
                var index = int.TryParse(Sysfs.Read(entry, "partition"), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
                var start = long.TryParse(Sysfs.Read(entry, "start"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                partitions.Add(new BlockPartition(name, Roots.DevicePath(name), number, index, new ByteSize(start * SectorBytes), new ByteSize(Sectors(entry) * SectorBytes)));
            }
        }

        partitions.Sort((a, b) => a.Index.CompareTo(b.Index));
        return partitions;
    }

    private long Sectors(string folder) =>
        long.TryParse(Sysfs.Read(folder, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var sectors) ? sectors : 0;

    /// <summary>The USB device a disk hangs under: the first folder above it with a USB vendor id.</summary>
    private string? UsbDeviceOf(string folder)
    {
        for (var dir = Path.GetDirectoryName(folder); dir is not null && dir.Length > Roots.Sys.Length; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "idVendor")))
            {
                return dir;
            }
        }

        return null;
    }

    private static Transport TransportOf(string folder, string name)
    {
        var parts = folder.Split('/');
        if (name.StartsWith("loop", StringComparison.Ordinal))
        {
            return Transport.Loop;
        }

        if (parts.Any(p => IsNumbered(p, "usb")))
        {
            return Transport.Usb;
        }

        if (name.StartsWith("mmcblk", StringComparison.Ordinal) || parts.Any(p => IsNumbered(p, "mmc") || p.StartsWith("mmc_host", StringComparison.Ordinal)))
        {
            return Transport.Mmc;
        }

        if (name.StartsWith("nvme", StringComparison.Ordinal) || parts.Contains("nvme"))
        {
            return Transport.Nvme;
        }

        if (parts.Any(p => IsNumbered(p, "ata")))
        {
            return Transport.Sata;
        }

        if (parts.Any(p => IsNumbered(p, "host")))
        {
            return Transport.Scsi;
        }

        return parts.Any(p => IsNumbered(p, "virtio")) ? Transport.Virtio : Transport.Other;
    }

    private static bool IsNumbered(string part, string prefix) =>
        part.Length > prefix.Length && part.StartsWith(prefix, StringComparison.Ordinal) && part.AsSpan(prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsVirtual(string folder, string name) =>
        folder.Contains("/devices/virtual/", StringComparison.Ordinal)
        || name.StartsWith("loop", StringComparison.Ordinal)
        || name.StartsWith("ram", StringComparison.Ordinal)
        || name.StartsWith("zram", StringComparison.Ordinal);

    /// <summary>Virtio and MMC give a numeric vendor id ("0x1af4"), which names nobody.</summary>
    private static string? NameOnly(string? vendor) =>
        vendor is null || vendor.StartsWith("0x", StringComparison.Ordinal) ? null : vendor;

    private static FileIdentity? Identity(string path)
    {
        try
        {
            return PathStatus.Of(path)?.Identity;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Numbers compare as numbers: loop2 before loop10, nvme2n1 before nvme10n1.</summary>
    private static int NaturalOrder(string a, string b)
    {
        var (i, j) = (0, 0);
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var (si, sj) = (i, j);
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var x = a.AsSpan(si, i - si).TrimStart('0');
                var y = b.AsSpan(sj, j - sj).TrimStart('0');
                var order = x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
                if (order != 0)
                {
                    return order;
                }
            }
            else
            {
                if (a[i] != b[j])
                {
                    return a[i].CompareTo(b[j]);
                }

                i++;
                j++;
            }
        }

        return (a.Length - i).CompareTo(b.Length - j) is var rest and not 0 ? rest : string.CompareOrdinal(a, b);
    }
}
