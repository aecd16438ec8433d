using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;
using Flashsmith.Tests.Devices;

namespace Flashsmith.Tests.Provisioning;

public sealed class DeviceSafetyTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly SysfsFixture sys = new();

    public void Dispose()
    {
        sys.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Usb_key_with_nothing_mounted_is_ok()
    {
        sys.UsbKey();

        var verdict = Check("sdb", Image(ByteSize.FromMiB(32)));

        Assert.True(verdict.IsOk);
        Assert.Equal("ok", verdict.Summary);
        verdict.ThrowIfRefused();
    }

    [Fact]
    public void System_disk_gives_every_reason_with_what_to_do()
    {
        sys.SataSystemDisk();
        var sda = Path.Combine(sys.Dev, "sda");

        var verdict = Check("sda", Image(ByteSize.FromMiB(32), "sda"));

        Assert.Equal("system disk, holds the image, mounted, fixed disk", verdict.Summary);
        Assert.Equal(
            [
                $"{sda} is a system disk: it holds / and /boot/efi (sda2 mounted on /; sda1 mounted on /boot/efi); flashsmith never writes to a system disk, whatever the options",
                $"{sda} holds the image /srv/images/thinvisor.img; copy the image to another disk, or choose another device",
                $"{sda} is in use: sda2 mounted on /; sda1 mounted on /boot/efi; unmount it first",
                $"{sda} is a fixed disk, not a removable one; if you mean it, name that exact device with --allow-fixed {sda}",
            ],
            verdict.Reasons.Select(r => r.Message));
        var error = Assert.Throws<DeviceFailedException>(verdict.ThrowIfRefused);
        Assert.Equal(4, error.Messages.Count);
    }

    [Fact]
    public void Allow_fixed_does_not_lift_the_system_disk_refusal()
    {
        sys.SataSystemDisk();

        var verdict = Check("sda", null, Path.Combine(sys.Dev, "sda"));

        Assert.Equal([RefusalKind.SystemDisk, RefusalKind.Mounted], verdict.Reasons.Select(r => r.Kind));
    }

    [Fact]
    public void Allow_fixed_names_the_device_through_a_link()
    {
        sys.Disk("pci0000:00/0000:00:17.0/ata2/host1/target1:0:0/1:0:0:0/block/sdc", "8:32", 2_000_000);
        var link = temp.File("by-id-sdc");
        File.CreateSymbolicLink(link, Path.Combine(sys.Dev, "sdc"));

        Assert.True(Check("sdc", null, link).IsOk);
        Assert.Equal(["fixed disk"], Check("sdc", null, Path.Combine(sys.Dev, "sdd")).Reasons.Select(r => r.Phrase));
    }

    [Fact]
    public void Swap_disk_is_a_system_disk_and_in_use_until_swapped_off()
    {
        sys.NvmeWithSwap();
        var nvme = Path.Combine(sys.Dev, "nvme0n1");

        var verdict = Check("nvme0n1", null, nvme);

        Assert.Equal(
            [
                $"{nvme} is a system disk: it holds swap (nvme0n1p3 used as swap); flashsmith never writes to a system disk, whatever the options",
                $"{nvme} is in use: nvme0n1p3 used as swap; unmount it and turn its swap off (swapoff) first",
            ],
            verdict.Reasons.Select(r => r.Message));
    }

    [Fact]
    public void Open_but_unmounted_mapping_on_a_key_is_in_use()
    {
        sys.Mapper("dm-3", "254:3", "luks-data", 31_000_000, Path.Combine(sys.UsbKey(), "sdb1"));

        var verdict = Check("sdb", null);

        var reason = Assert.Single(verdict.Reasons);
        Assert.Equal(("in use", "in-use"), (reason.Phrase, reason.Code));
        Assert.Equal($"{Path.Combine(sys.Dev, "sdb")} is in use by dm-3 (luks-data) on sdb1; close or stop it first (cryptsetup close, vgchange -an, mdadm --stop)", reason.Message);
    }

    [Fact]
    public void Mapping_that_is_mounted_is_reported_once_as_mounted()
    {
        sys.Mapper("dm-3", "254:3", "luks-data", 31_000_000, Path.Combine(sys.UsbKey(), "sdb1"));
        sys.Mount("254:3", "/media/data", "/dev/mapper/luks-data");

        var verdict = Check("sdb", null);

        Assert.Equal(["mounted"], verdict.Reasons.Select(r => r.Phrase));
        Assert.Contains("sdb1 through dm-3 (luks-data) mounted on /media/data", verdict.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_protected_key_is_read_only()
    {
        sys.Attribute(sys.UsbKey(), "ro", "1");

        var verdict = Check("sdb", null);

        Assert.Equal([$"{Path.Combine(sys.Dev, "sdb")} is read-only; use a writable device (is the key's write-protect switch on?)"], verdict.Reasons.Select(r => r.Message));
    }

    [Fact]
    public void Key_smaller_than_the_image_is_too_small_in_bytes_and_MiB()
    {
        sys.UsbKey();

        var verdict = Check("sdb", Image(ByteSize.FromMiB(16384)));

        var reason = Assert.Single(verdict.Reasons);
        Assert.Equal("too small for thinvisor.img", reason.Phrase);
        Assert.Equal(
            $"{Path.Combine(sys.Dev, "sdb")} has 15258.79 MiB (16000000000 bytes), too small for thinvisor.img, which needs 16384 MiB (17179869184 bytes); use a key of at least 16384 MiB (17179869184 bytes)",
            reason.Message);
    }

    [Fact]
    public void Loop_device_over_the_image_holds_the_image()
    {
        var image = temp.File("thinvisor.img");
        File.WriteAllBytes(image, new byte[512]);
        var loop = sys.Virtual("loop4", "7:4", 131_072);
        sys.Attribute(loop, "loop/backing_file", image);

        var verdict = Check("loop4", ProvisionImage.Locate(image, sys.Devices), Path.Combine(sys.Dev, "loop4"));

        Assert.Equal([$"{Path.Combine(sys.Dev, "loop4")} is a loop device over the image {image} itself; choose another device"], verdict.Reasons.Select(r => r.Message));
    }

    [Fact]
    public void File_stand_in_is_never_fixed_and_is_checked_for_size_and_identity()
    {
        var image = temp.File("thinvisor.img");
        File.WriteAllBytes(image, new byte[1024]);
        var small = temp.File("small.img");
        File.WriteAllBytes(small, new byte[512]);
        var located = ProvisionImage.Locate(image, BlockDevices.Host);

        var itself = DeviceSafety.Check(ProvisionTarget.Resolve(image, BlockDevices.Host), located, []);
        var tooSmall = DeviceSafety.Check(ProvisionTarget.Resolve(small, BlockDevices.Host), located, []);

        Assert.Equal([$"{image} is the image {image} itself; name the key to write, not the image"], itself.Reasons.Select(r => r.Message));
        Assert.Equal([RefusalKind.TooSmall], tooSmall.Reasons.Select(r => r.Kind));
    }

    // On this machine, with loop devices made here. Nothing is ever opened: the checks read sysfs, /proc and stat.

    [Fact]
    public void Regular_file_bigger_than_the_image_is_ok()
    {
        var image = Sparse("thinvisor.img", 32 * ByteSize.MiB);
        var key = Sparse("key.img", 64 * ByteSize.MiB);

        var verdict = DeviceSafety.Check(ProvisionTarget.Resolve(key, BlockDevices.Host), ProvisionImage.Locate(image, BlockDevices.Host), []);

        Assert.True(verdict.IsOk, verdict.Summary);
    }

    [Fact]
    public void Hard_link_to_the_image_is_the_image()
    {
        var image = Sparse("thinvisor.img", 32 * ByteSize.MiB);
        ExternalTool.Check("ln", image, temp.File("other-name.img"));

        var verdict = DeviceSafety.Check(ProvisionTarget.Resolve(temp.File("other-name.img"), BlockDevices.Host), ProvisionImage.Locate(image, BlockDevices.Host), []);

        Assert.Equal(["holds the image"], verdict.Reasons.Select(r => r.Phrase));
    }

    [Fact]
    public void Loop_device_is_fixed_until_allowed_by_its_exact_path()
    {
        var image = Sparse("thinvisor.img", 32 * ByteSize.MiB);
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB);
        var target = ProvisionTarget.Resolve(loop.Path, BlockDevices.Host);
        var located = ProvisionImage.Locate(image, BlockDevices.Host);

        Assert.Equal(["fixed disk"], DeviceSafety.Check(target, located, []).Reasons.Select(r => r.Phrase));
        Assert.True(DeviceSafety.Check(target, located, [loop.Path]).IsOk);
    }

    [Fact]
    public void Loop_device_smaller_than_the_image_is_too_small()
    {
        var image = Sparse("big.img", 128 * ByteSize.MiB);
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB);

        var verdict = DeviceSafety.Check(ProvisionTarget.Resolve(loop.Path, BlockDevices.Host), ProvisionImage.Locate(image, BlockDevices.Host), [loop.Path]);

        Assert.Equal(
            [$"{loop.Path} has 64 MiB (67108864 bytes), too small for big.img, which needs 128 MiB (134217728 bytes); use a key of at least 128 MiB (134217728 bytes)"],
            verdict.Reasons.Select(r => r.Message));
    }

    [Fact]
    public void Read_only_loop_device_is_read_only()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB, readOnly: true);

        var verdict = DeviceSafety.Check(ProvisionTarget.Resolve(loop.Path, BlockDevices.Host), null, [loop.Path]);

        Assert.Equal(["read-only"], verdict.Reasons.Select(r => r.Phrase));
    }

    [Fact]
    public void Loop_device_over_the_image_file_holds_the_image()
    {
        var image = Sparse("thinvisor.img", 64 * ByteSize.MiB);
        var over = ExternalTool.Check("losetup", "-f", "--show", "-r", image).Output.Trim();
        try
        {
            Assert.StartsWith("/dev/loop", over, StringComparison.Ordinal);
            var verdict = DeviceSafety.Check(ProvisionTarget.Resolve(over, BlockDevices.Host), ProvisionImage.Locate(image, BlockDevices.Host), [over]);

            Assert.Equal(["holds the image", "read-only"], verdict.Reasons.Select(r => r.Phrase));
        }
        finally
        {
            ExternalTool.Run("losetup", "-d", over);
        }
    }

    [Fact]
    public void Loop_device_with_a_mounted_partition_is_mounted()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB);
        ExternalTool.Check("sgdisk", "-n", "1:2048:+32M", "-t", "1:8300", loop.Path);
        var node = loop.PartitionNode(1, temp.Path);
        ExternalTool.Check("mkfs.ext4", "-q", "-F", node);
        var mountPoint = temp.File("mnt");
        Directory.CreateDirectory(mountPoint);
        ExternalTool.Check("mount", "-t", "ext4", node, mountPoint);
        try
        {
            var verdict = DeviceSafety.Check(ProvisionTarget.Resolve(loop.Path, BlockDevices.Host), null, []);

            Assert.Equal(["mounted", "fixed disk"], verdict.Reasons.Select(r => r.Phrase));
            Assert.Equal($"{loop.Path} is in use: {loop.Name}p1 mounted on {mountPoint}; unmount it first", verdict.Reasons[0].Message);
        }
        finally
        {
            ExternalTool.Check("umount", mountPoint);
        }
    }

    [Fact]
    public void Disk_holding_root_and_the_image_is_refused_for_both()
    {
        var image = Sparse("thinvisor.img", 32 * ByteSize.MiB);

        var verdict = DeviceSafety.Check(ProvisionTarget.Resolve($"/dev/{RootDisk.Name}", BlockDevices.Host), ProvisionImage.Locate(image, BlockDevices.Host), [$"/dev/{RootDisk.Name}"]);

        Assert.True(verdict.Has(RefusalKind.SystemDisk));
        Assert.True(verdict.Has(RefusalKind.HoldsImage));
        Assert.True(verdict.Has(RefusalKind.Mounted));
        Assert.Contains("holds /", verdict.Reasons[0].Message, StringComparison.Ordinal);
    }

    private SafetyVerdict Check(string name, ProvisionImage? image, params string[] allowFixed) =>
        DeviceSafety.Check(ProvisionTarget.ForDevice(sys.Devices.Find(name)!), image, allowFixed);

    private static ProvisionImage Image(ByteSize size, params string[] disks) =>
        new("/srv/images/thinvisor.img", size, new FileIdentity(new DeviceNumber(8, 2), 1234), disks);

    private string Sparse(string name, long bytes)
    {
        var path = temp.File(name);
        using var stream = new FileStream(path, FileMode.CreateNew);
        stream.SetLength(bytes);
        return path;
    }
}
