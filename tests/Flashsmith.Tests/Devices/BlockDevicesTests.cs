using Flashsmith.Devices;
using Flashsmith.Disk;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Devices;

public sealed class BlockDevicesTests
{
    [Fact]
    public void Usb_key_is_removable_and_named_by_its_usb_serial()
    {
        using var sys = new SysfsFixture();
        sys.UsbKey();

        var key = Assert.Single(sys.Devices.List());

        Assert.Equal("sdb", key.Name);
        Assert.Equal(Path.Combine(sys.Dev, "sdb"), key.Path);
        Assert.Equal(new DeviceNumber(8, 16), key.Number);
        Assert.Equal("SanDisk", key.Vendor);
        Assert.Equal("Cruzer Blade", key.Model);
        Assert.Equal("4C530001230918118443", key.Serial);
        Assert.Equal(new ByteSize(31_250_000L * 512), key.Size);
        Assert.Equal(512, key.LogicalBlockSize);
        Assert.Equal(Transport.Usb, key.Transport);
        Assert.True(key.Removable);
        Assert.False(key.ReadOnly);
        Assert.False(key.Virtual);
        Assert.False(key.IsSystem);
        Assert.Empty(key.Uses);
        var partition = Assert.Single(key.Partitions);
        Assert.Equal(new BlockPartition("sdb1", Path.Combine(sys.Dev, "sdb1"), new DeviceNumber(8, 17), 1, new ByteSize(2048 * 512), new ByteSize(31_247_952L * 512)), partition);
    }

    [Fact]
    public void Usb_disk_counts_as_removable_whatever_its_removable_flag()
    {
        using var sys = new SysfsFixture();
        var disk = sys.UsbKey();
        sys.Attribute(disk, "removable", "0");

        Assert.True(Assert.Single(sys.Devices.List()).Removable);
    }

    [Fact]
    public void Sata_disk_holding_root_through_a_partition_is_a_fixed_system_disk()
    {
        using var sys = new SysfsFixture();
        sys.SataSystemDisk();

        var disk = Assert.Single(sys.Devices.List());

        Assert.Equal(Transport.Sata, disk.Transport);
        Assert.Equal("ATA", disk.Vendor);
        Assert.Equal("Samsung SSD 870", disk.Model);
        Assert.Equal("naa.5002538f4130c5a1", disk.Serial);
        Assert.False(disk.Removable);
        Assert.True(disk.IsSystem);
        Assert.Equal(["sda2 mounted on /", "sda1 mounted on /boot/efi"], disk.Uses.Select(u => u.Describe()));
        Assert.Equal(["sda1", "sda2"], disk.Partitions.Select(p => p.Name));
    }

    [Fact]
    public void Nvme_disk_with_active_swap_is_a_system_disk()
    {
        using var sys = new SysfsFixture();
        sys.NvmeWithSwap();

        var disk = Assert.Single(sys.Devices.List());

        Assert.Equal(Transport.Nvme, disk.Transport);
        Assert.Equal("Samsung SSD 980 PRO 1TB", disk.Model);
        Assert.Equal("S5GXNF0R123456", disk.Serial);
        Assert.Null(disk.Vendor);
        var swap = Assert.Single(disk.SystemUses);
        Assert.Equal(DeviceUseKind.Swap, swap.Kind);
        Assert.Equal("nvme0n1p3 used as swap", swap.Describe());
        Assert.Equal(3, disk.Partitions.Count);
    }

    [Fact]
    public void Disk_under_a_mounted_dm_crypt_root_is_a_system_disk_and_the_mapping_is_virtual()
    {
        using var sys = new SysfsFixture();
        sys.CryptRoot();

        var disk = Assert.Single(sys.Devices.List());
        var all = sys.Devices.List(all: true);

        Assert.Equal("sda", disk.Name);
        Assert.True(disk.IsSystem);
        Assert.Equal(["sda1 mounted on /boot", "sda2 through dm-0 (cryptroot) mounted on /"], disk.Uses.Select(u => u.Describe()));
        Assert.Equal([new DeviceHolder("sda2", "dm-0 (cryptroot)")], disk.Holders);
        Assert.Equal(["dm-0", "sda"], all.Select(d => d.Name));
        var mapping = all[0];
        Assert.True(mapping.Virtual);
        Assert.Equal(Transport.Other, mapping.Transport);
        Assert.Equal(["dm-0 mounted on /"], mapping.Uses.Select(u => u.Describe()));
    }

    [Fact]
    public void Loop_and_zram_are_listed_only_with_all_and_unattached_loops_never()
    {
        using var sys = new SysfsFixture();
        sys.UsbKey();
        sys.LoopAndZram();

        Assert.Equal(["sdb"], sys.Devices.List().Select(d => d.Name));
        var all = sys.Devices.List(all: true);
        Assert.Equal(["loop0", "sdb", "zram0"], all.Select(d => d.Name));
        var loop = all[0];
        Assert.Equal(Transport.Loop, loop.Transport);
        Assert.True(loop.Virtual);
        Assert.False(loop.Removable);
        Assert.Equal("/srv/keys/key.img", loop.BackingFile);
        Assert.Equal(Transport.Other, all[2].Transport);
    }

    [Fact]
    public void Find_names_any_whole_disk_even_an_unattached_loop_but_not_a_partition()
    {
        using var sys = new SysfsFixture();
        sys.UsbKey();
        sys.LoopAndZram();

        Assert.Equal(ByteSize.Zero, sys.Devices.Find("loop1")!.Size);
        Assert.Null(sys.Devices.Find("sdb1"));
        Assert.Null(sys.Devices.Find("sdz"));
    }

    [Fact]
    public void Disks_are_in_natural_order()
    {
        using var sys = new SysfsFixture();
        sys.Virtual("loop10", "7:10", 2048);
        sys.Virtual("loop2", "7:2", 2048);
        sys.Virtual("loop1", "7:1", 2048);

        Assert.Equal(["loop1", "loop2", "loop10"], sys.Devices.List(all: true).Select(d => d.Name));
    }

    [Fact]
    public void Virtio_and_virtio_scsi_and_mmc_transports()
    {
        using var sys = new SysfsFixture();
        sys.Disk("pci0000:00/0000:00:02.0/virtio1/block/vda", "254:0", 2048);
        sys.Disk("pci0000:00/0000:00:03.0/virtio2/host0/target0:0:0/0:0:0:0/block/sda", "8:0", 2048);
        sys.Disk("platform/fe320000.mmc/mmc_host/mmc1/mmc1:aaaa/block/mmcblk1", "179:0", 2048);

        var devices = sys.Devices.List();

        Assert.Equal([("mmcblk1", Transport.Mmc, true), ("sda", Transport.Scsi, false), ("vda", Transport.Virtio, false)], devices.Select(d => (d.Name, d.Transport, d.Removable)));
    }

    [Fact]
    public void Read_only_flag_and_logical_block_size_are_read()
    {
        using var sys = new SysfsFixture();
        sys.Disk("pci0000:00/0000:00:14.0/usb2/2-2/2-2:1.0/host7/target7:0:0/7:0:0:0/block/sdc", "8:32", 4096, removable: true, readOnly: true, logicalBlockSize: 4096);

        var disk = Assert.Single(sys.Devices.List());

        Assert.True(disk.ReadOnly);
        Assert.Equal(4096, disk.LogicalBlockSize);
    }

    [Fact]
    public void Loop_device_made_here_is_listed_with_all_as_a_fixed_loop()
    {
        using var temp = new TempFolder();
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB);

        var device = BlockDevices.Host.List(all: true).Single(d => d.Name == loop.Name);

        Assert.Equal(loop.Path, device.Path);
        Assert.Equal(Transport.Loop, device.Transport);
        Assert.False(device.Removable);
        Assert.False(device.ReadOnly);
        Assert.True(device.Virtual);
        Assert.Equal(ByteSize.FromMiB(64), device.Size);
        Assert.Equal(loop.File, device.BackingFile);
        Assert.DoesNotContain(BlockDevices.Host.List(), d => d.Name == loop.Name);
    }

    [Fact]
    public void Loop_device_attached_read_only_is_read_only()
    {
        using var temp = new TempFolder();
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB, readOnly: true);

        Assert.True(BlockDevices.Host.Find(loop.Name)!.ReadOnly);
    }
}
