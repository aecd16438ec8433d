using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;
using Flashsmith.Tests.Devices;

namespace Flashsmith.Tests.Provisioning;

public sealed class ProvisionTargetTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Regular_file_stands_in_for_a_key()
    {
        var file = temp.File("key.img");
        File.WriteAllBytes(file, new byte[4096]);

        var target = ProvisionTarget.Resolve(file, BlockDevices.Host);

        Assert.Equal(ProvisionTargetKind.File, target.Kind);
        Assert.Null(target.Device);
        Assert.Equal(new ByteSize(4096), target.Size);
        Assert.False(target.ReadOnly);
        Assert.Equal(PathStatus.Of(file)!.Identity, target.Identity);
    }

    [Fact]
    public void Missing_path_is_bad_input()
    {
        var missing = temp.File("key.img");

        var error = Assert.Throws<BadInputException>(() => ProvisionTarget.Resolve(missing, BlockDevices.Host));

        Assert.Equal($"{missing} does not exist; run 'flashsmith devices' to list the disks a key can be written to", error.Message);
    }

    [Fact]
    public void Directory_is_refused()
    {
        var error = Assert.Throws<DeviceFailedException>(() => ProvisionTarget.Resolve(temp.Path, BlockDevices.Host));

        Assert.Equal($"{temp.Path} is a directory; name a whole disk such as /dev/sdb, or an existing file that stands in for a key", error.Message);
    }

    [Fact]
    public void Character_device_is_refused_naming_the_link_followed()
    {
        var link = temp.File("null-link");
        File.CreateSymbolicLink(link, "/dev/null");

        var error = Assert.Throws<DeviceFailedException>(() => ProvisionTarget.Resolve(link, BlockDevices.Host));

        Assert.Equal($"{link} (/dev/null) is a character device, not a disk; name a whole disk such as /dev/sdb", error.Message);
    }

    [Fact]
    public void Loop_device_through_a_link_resolves_to_its_disk()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB);
        var link = temp.File("by-id-key");
        File.CreateSymbolicLink(link, loop.Path);

        var target = ProvisionTarget.Resolve(link, BlockDevices.Host);

        Assert.Equal(ProvisionTargetKind.BlockDevice, target.Kind);
        Assert.Equal(link, target.Path);
        Assert.Equal(loop.Path, target.ResolvedPath);
        Assert.Equal(loop.Name, target.Device!.Name);
        Assert.Equal(ByteSize.FromMiB(64), target.Size);
        Assert.Equal($"{link} ({loop.Path})", target.Display);
    }

    [Fact]
    public void Partition_is_refused_naming_its_whole_disk()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * ByteSize.MiB);
        ExternalTool.Check("sgdisk", "-n", "1:2048:+16M", "-t", "1:8300", loop.Path);
        var node = loop.PartitionNode(1, temp.Path);

        var error = Assert.Throws<DeviceFailedException>(() => ProvisionTarget.Resolve(node, BlockDevices.Host));

        Assert.Equal($"{node} is partition 1 of {loop.Path}, not a whole disk; a key is written whole: name {loop.Path}", error.Message);
    }

    [Fact]
    public void Disk_holding_root_resolves_as_a_system_disk_without_being_opened()
    {
        var target = ProvisionTarget.Resolve($"/dev/{RootDisk.Name}", BlockDevices.Host);

        Assert.True(target.Device!.IsSystem);
    }
}
