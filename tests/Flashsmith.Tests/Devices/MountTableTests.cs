using Flashsmith.Devices;

namespace Flashsmith.Tests.Devices;

public sealed class MountTableTests
{
    private const string Sample = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard
        36 27 8:17 / /media/My\040Key rw,nosuid,nodev shared:20 master:3 - vfat /dev/sdb1 rw,fmask=0022
        37 27 8:18 /exports /srv/data ro,relatime - ext4 /dev/sdb2 rw
        not a mountinfo line
        """;

    [Fact]
    public void Parses_each_field_with_optional_fields_and_escapes()
    {
        var table = MountTable.Parse(Sample);

        Assert.Equal(4, table.Entries.Count);
        Assert.Equal(new MountEntry(new DeviceNumber(8, 17), "/", "/media/My Key", "rw,nosuid,nodev", "vfat", "/dev/sdb1"), table.Entries[2]);
        Assert.Equal("/exports", table.Entries[3].Root);
        Assert.True(table.Entries[3].IsReadOnly);
        Assert.False(table.Entries[2].IsReadOnly);
    }

    [Fact]
    public void Containing_picks_the_deepest_mount_on_a_component_boundary()
    {
        var table = MountTable.Parse(Sample);

        Assert.Equal("/media/My Key", table.Containing("/media/My Key/images/key.img")!.MountPoint);
        Assert.Equal("/", table.Containing("/media/My Keys/other")!.MountPoint);
        Assert.Equal("/srv/data", table.Containing("/srv/data")!.MountPoint);
        Assert.Equal("/", table.Containing("/srv/database")!.MountPoint);
    }

    [Fact]
    public void Containing_picks_the_last_of_mounts_stacked_on_one_point()
    {
        var table = MountTable.Parse("""
            27 1 254:0 / / rw - ext4 /dev/vda rw
            40 27 8:1 / /mnt rw - ext4 /dev/sda1 rw
            41 40 8:2 / /mnt rw - ext4 /dev/sda2 rw
            """);

        Assert.Equal("/dev/sda2", table.Containing("/mnt/x")!.Source);
    }

    [Fact]
    public void Unescape_reads_octal_escapes_and_leaves_other_backslashes()
    {
        Assert.Equal("a b\tc\\d", MountTable.Unescape("a\\040b\\011c\\134d"));
        Assert.Equal("x\\9y\\", MountTable.Unescape("x\\9y\\"));
    }
}
