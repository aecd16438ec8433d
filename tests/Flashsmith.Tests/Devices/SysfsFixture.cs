using System.Globalization;
using Flashsmith.Devices;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Devices;

/// <summary>
/// A /sys, /proc and /dev tree in a temporary folder, laid out as the kernel lays them out: device
/// folders under sys/devices, linked from sys/block, sys/class/block and sys/dev/block; mountinfo and swaps.
/// </summary>
internal sealed class SysfsFixture : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly List<string> mounts = [];
    private readonly List<string> swaps = [];

    public SysfsFixture()
    {
        Directory.CreateDirectory(Dev);
        Flush();
    }

    public string Sys => temp.File("sys");

    public string Proc => temp.File("proc");

    public string Dev => temp.File("dev");

    public SystemRoots Roots => new(Sys, Proc, Dev);

    public BlockDevices Devices => new(Roots);

    /// <summary>
    /// A whole disk at sys/devices/<paramref name="folder"/> (ending in its name). Its <c>device</c> link
    /// points at <paramref name="device"/> (under sys/devices), by default the folder above <c>block/</c>.
    /// </summary>
    public string Disk(string folder, string number, long sectors, bool removable = false, bool readOnly = false, string? device = null, int logicalBlockSize = 512)
    {
        var path = Path.Combine(Sys, "devices", folder);
        var name = Path.GetFileName(path);
        Write(path, "dev", number);
        Write(path, "size", sectors.ToString(CultureInfo.InvariantCulture));
        Write(path, "removable", removable ? "1" : "0");
        Write(path, "ro", readOnly ? "1" : "0");
        Write(path, "queue/logical_block_size", logicalBlockSize.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(path, "holders"));
        Directory.CreateDirectory(Path.Combine(path, "slaves"));
        device ??= folder.Contains("/block/", StringComparison.Ordinal) ? folder[..folder.LastIndexOf("/block/", StringComparison.Ordinal)] : null;
        if (device is not null)
        {
            var target = Path.Combine(Sys, "devices", device);
            Directory.CreateDirectory(target);
            Link(Path.Combine(path, "device"), target);
        }

        Link(Path.Combine(Sys, "block", name), path);
        Link(Path.Combine(Sys, "class", "block", name), path);
        Link(Path.Combine(Sys, "dev", "block", number), path);
        return path;
    }

    public string Partition(string disk, string name, string number, int index, long start, long sectors)
    {
        var path = Path.Combine(disk, name);
        Write(path, "dev", number);
        Write(path, "partition", index.ToString(CultureInfo.InvariantCulture));
        Write(path, "start", start.ToString(CultureInfo.InvariantCulture));
        Write(path, "size", sectors.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(path, "holders"));
        Link(Path.Combine(Sys, "class", "block", name), path);
        Link(Path.Combine(Sys, "dev", "block", number), path);
        return path;
    }

    /// <summary>A device-mapper device <paramref name="name"/> ("dm-0") called <paramref name="mapped"/>, over <paramref name="slaves"/>.</summary>
    public string Mapper(string name, string number, string mapped, long sectors, params string[] slaves)
    {
        var path = Virtual(name, number, sectors);
        Write(path, "dm/name", mapped);
        Over(path, slaves);
        Link(Path.Combine(Dev, "mapper", mapped), Path.Combine(Dev, name));
        return path;
    }

    /// <summary>An md array over <paramref name="slaves"/>.</summary>
    public string Raid(string name, string number, long sectors, params string[] slaves)
    {
        var path = Virtual(name, number, sectors);
        Over(path, slaves);
        return path;
    }

    /// <summary>A device under sys/devices/virtual/block, as loop, zram, dm and md devices are.</summary>
    public string Virtual(string name, string number, long sectors) => Disk($"virtual/block/{name}", number, sectors, device: null);

    public void Attribute(string folder, string name, string value) => Write(folder, name, value);

    public void Mount(string number, string mountPoint, string source, string fileSystem = "ext4", string options = "rw,relatime")
    {
        mounts.Add($"{mounts.Count + 20} 1 {number} / {mountPoint.Replace(" ", "\\040", StringComparison.Ordinal)} {options} shared:{mounts.Count + 1} - {fileSystem} {source} rw");
        Flush();
    }

    public void Swap(string path, string type = "partition")
    {
        swaps.Add($"{path}\t\t\t\t{type}\t\t8388604\t\t0\t\t-2");
        Flush();
    }

    /// <summary>A 16 GB USB key, sdb, with one partition and nothing mounted.</summary>
    public string UsbKey()
    {
        const string usb = "pci0000:00/0000:00:14.0/usb2/2-1";
        var disk = Disk($"{usb}/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb", "8:16", 31_250_000, removable: true);
        Attribute(Path.Combine(disk, "device"), "vendor", "SanDisk ");
        Attribute(Path.Combine(disk, "device"), "model", "Cruzer Blade    ");
        Attribute(Path.Combine(Sys, "devices", usb), "idVendor", "0781");
        Attribute(Path.Combine(Sys, "devices", usb), "serial", "4C530001230918118443");
        Attribute(Path.Combine(Sys, "devices", usb), "manufacturer", " SanDisk'");
        Attribute(Path.Combine(Sys, "devices", usb), "product", "Cruzer Blade");
        Partition(disk, "sdb1", "8:17", 1, 2048, 31_247_952);
        return disk;
    }

    /// <summary>A SATA SSD, sda, holding /boot/efi on sda1 and / on sda2.</summary>
    public string SataSystemDisk()
    {
        var disk = Disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 1_953_525_168);
        Attribute(Path.Combine(disk, "device"), "vendor", "ATA     ");
        Attribute(Path.Combine(disk, "device"), "model", "Samsung SSD 870 ");
        Attribute(Path.Combine(disk, "device"), "wwid", "naa.5002538f4130c5a1");
        Partition(disk, "sda1", "8:1", 1, 2048, 1_048_576);
        Partition(disk, "sda2", "8:2", 2, 1_050_624, 1_952_474_511);
        Mount("8:2", "/", "/dev/sda2");
        Mount("8:1", "/boot/efi", "/dev/sda1", "vfat");
        return disk;
    }

    /// <summary>An NVMe SSD, nvme0n1, whose third partition is the active swap; nothing mounted.</summary>
    public string NvmeWithSwap()
    {
        const string controller = "pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0";
        var disk = Disk($"{controller}/nvme0n1", "259:0", 1_000_215_216, device: controller);
        Attribute(Path.Combine(Sys, "devices", controller), "model", "Samsung SSD 980 PRO 1TB                 ");
        Attribute(Path.Combine(Sys, "devices", controller), "serial", "S5GXNF0R123456      ");
        Partition(disk, "nvme0n1p1", "259:1", 1, 2048, 1_048_576);
        Partition(disk, "nvme0n1p2", "259:2", 2, 1_050_624, 990_000_000);
        Partition(disk, "nvme0n1p3", "259:3", 3, 991_050_624, 8_388_608);
        Swap("/dev/nvme0n1p3");
        return disk;
    }

    /// <summary>A SATA disk, sda, with /boot on sda1 and a dm-crypt root (dm-0, "cryptroot") on sda2.</summary>
    public string CryptRoot()
    {
        var disk = Disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 500_118_192);
        Partition(disk, "sda1", "8:1", 1, 2048, 2_097_152);
        var root = Partition(disk, "sda2", "8:2", 2, 2_099_200, 498_016_256);
        Mapper("dm-0", "254:0", "cryptroot", 497_983_488, root);
        Mount("8:1", "/boot", "/dev/sda1");
        Mount("254:0", "/", "/dev/mapper/cryptroot");
        return disk;
    }

    /// <summary>loop0 over a file, loop1 with nothing attached, and a 4 GiB zram0.</summary>
    public void LoopAndZram()
    {
        var loop = Virtual("loop0", "7:0", 131_072);
        Attribute(loop, "loop/backing_file", "/srv/keys/key.img");
        Virtual("loop1", "7:1", 0);
        Virtual("zram0", "253:0", 8_388_608);
    }

    public void Dispose() => temp.Dispose();

    private void Over(string path, string[] slaves)
    {
        foreach (var slave in slaves)
        {
            Link(Path.Combine(path, "slaves", Path.GetFileName(slave)), slave);
            Link(Path.Combine(slave, "holders", Path.GetFileName(path)), path);
        }
    }

    private void Flush()
    {
        Directory.CreateDirectory(Path.Combine(Proc, "self"));
        File.WriteAllLines(Path.Combine(Proc, "self", "mountinfo"), ["22 1 0:21 / /proc rw,relatime - proc proc rw", .. mounts]);
        File.WriteAllLines(Path.Combine(Proc, "swaps"), ["Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority", .. swaps]);
    }

    private static void Write(string folder, string attribute, string value)
    {
        var path = Path.Combine(folder, attribute);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, value + "\n");
    }

    /// <summary>A relative symbolic link, as sysfs makes them.</summary>
    private static void Link(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, target));
    }
}
