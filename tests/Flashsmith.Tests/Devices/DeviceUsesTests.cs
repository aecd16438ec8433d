using Flashsmith.Devices;

namespace Flashsmith.Tests.Devices;

public sealed class DeviceUsesTests
{
    [Fact]
    public void Btrfs_mount_with_an_anonymous_device_number_is_found_through_its_source()
    {
        using var sys = new SysfsFixture();
        var disk = sys.Disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 2_000_000);
        sys.Partition(disk, "sda3", "8:3", 3, 2048, 1_000_000);
        sys.Mount("0:33", "/", "/dev/sda3", "btrfs");

        var use = Assert.Single(Find(sys));

        Assert.Equal(("sda", "sda3", "/", DeviceUseKind.Mount), (use.Disk, use.Device, use.Target, use.Kind));
        Assert.Empty(use.Through);
    }

    [Fact]
    public void File_systems_on_no_block_device_are_no_use_of_any_disk()
    {
        using var sys = new SysfsFixture();
        sys.UsbKey();
        sys.Mount("0:25", "/tmp", "tmpfs", "tmpfs");
        sys.Mount("0:40", "/mnt/nfs", "server:/export", "nfs");

        Assert.Empty(Find(sys));
    }

    [Fact]
    public void Swap_file_is_a_use_of_the_disk_holding_its_file_system()
    {
        using var sys = new SysfsFixture();
        sys.SataSystemDisk();
        sys.Swap("/swapfile", "file");

        var swap = Assert.Single(Find(sys), u => u.Kind == DeviceUseKind.SwapFile);

        Assert.Equal(("sda", "sda2"), (swap.Disk, swap.Device));
        Assert.Equal("sda2 holds the swap file /swapfile", swap.Describe());
        Assert.True(swap.IsSystem);
    }

    [Fact]
    public void Mount_of_a_raid_partition_reaches_every_member_disk()
    {
        using var sys = new SysfsFixture();
        var sda = sys.Disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 2_000_000);
        var sdb = sys.Disk("pci0000:00/0000:00:17.0/ata2/host1/target1:0:0/1:0:0:0/block/sdb", "8:16", 2_000_000);
        var md = sys.Raid("md0", "9:0", 1_900_000, sys.Partition(sda, "sda1", "8:1", 1, 2048, 1_900_000), sys.Partition(sdb, "sdb1", "8:17", 1, 2048, 1_900_000));
        sys.Partition(md, "md0p1", "259:5", 1, 2048, 1_800_000);
        sys.Mount("259:5", "/", "/dev/md0p1");

        Assert.Equal(
            ["md0p1 mounted on /", "sda1 through md0 mounted on /", "sdb1 through md0 mounted on /"],
            Find(sys).Select(u => u.Describe()));
    }

    [Fact]
    public void Lvm_on_luks_names_every_layer_lowest_first()
    {
        using var sys = new SysfsFixture();
        var disk = sys.Disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 2_000_000);
        var luks = sys.Mapper("dm-0", "254:0", "luks-1234", 1_900_000, sys.Partition(disk, "sda2", "8:2", 2, 2048, 1_900_000));
        sys.Mapper("dm-1", "254:1", "vg-root", 1_800_000, luks);
        sys.Mount("254:1", "/", "/dev/mapper/vg-root");

        Assert.Equal(
            ["dm-1 mounted on /", "dm-0 through dm-1 (vg-root) mounted on /", "sda2 through dm-0 (luks-1234), dm-1 (vg-root) mounted on /"],
            Find(sys).Select(u => u.Describe()));
    }

    [Fact]
    public void Swap_on_a_device_mapper_node_named_by_its_mapper_link()
    {
        using var sys = new SysfsFixture();
        var disk = sys.Disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 2_000_000);
        sys.Mapper("dm-2", "254:2", "vg-swap", 100_000, sys.Partition(disk, "sda3", "8:3", 3, 2048, 100_000));
        sys.Swap("/dev/mapper/vg-swap");

        Assert.Contains(Find(sys), u => u.Disk == "sda" && u.Describe() == "sda3 through dm-2 (vg-swap) used as swap");
    }

    private static IReadOnlyList<DeviceUse> Find(SysfsFixture sys) =>
        DeviceUses.Find(MountTable.Read(sys.Roots), SwapTable.Read(sys.Roots), new SysfsTree(sys.Roots));
}
