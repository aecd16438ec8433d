using Flashsmith.Devices;

namespace Flashsmith.Tests.Devices;

public sealed class SystemDisksTests
{
    [Fact]
    public void Root_swap_and_boot_disks_are_system_disks_and_a_mounted_key_is_not()
    {
        using var sys = new SysfsFixture();
        sys.SataSystemDisk();
        sys.NvmeWithSwap();
        sys.UsbKey();
        sys.Mount("8:17", "/media/key", "/dev/sdb1", "vfat");

        var disks = Find(sys);

        Assert.Equal(["nvme0n1", "sda"], disks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["/", "/boot/efi"], disks["sda"].Select(u => u.Target));
        Assert.Equal([DeviceUseKind.Swap], disks["nvme0n1"].Select(u => u.Kind));
    }

    [Theory]
    [InlineData("/usr")]
    [InlineData("/var")]
    [InlineData("/home")]
    [InlineData("/boot")]
    public void Each_system_mount_point_makes_a_system_disk(string mountPoint)
    {
        using var sys = new SysfsFixture();
        sys.UsbKey();
        sys.Mount("8:17", mountPoint, "/dev/sdb1");

        Assert.Equal(["sdb"], Find(sys).Keys);
    }

    [Fact]
    public void Disk_under_a_dm_crypt_root_is_a_system_disk()
    {
        using var sys = new SysfsFixture();
        sys.CryptRoot();

        var disks = Find(sys);

        Assert.Equal(["/boot", "/"], disks["sda"].Select(u => u.Target));
        Assert.Equal(["dm-0 (cryptroot)"], disks["sda"][1].Through);
    }

    [Fact]
    public void On_this_machine_the_disk_holding_root_is_a_system_disk()
    {
        var disks = SystemDisks.Find(MountTable.Read(SystemRoots.Host), SwapTable.Read(SystemRoots.Host), new SysfsTree(SystemRoots.Host));

        Assert.Contains(disks[RootDisk.Name], u => u.Target == "/" && u.Kind == DeviceUseKind.Mount);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<DeviceUse>> Find(SysfsFixture sys) =>
        SystemDisks.Find(MountTable.Read(sys.Roots), SwapTable.Read(sys.Roots), new SysfsTree(sys.Roots));
}
