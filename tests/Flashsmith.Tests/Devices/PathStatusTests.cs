using Flashsmith.Devices;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Devices;

public sealed class PathStatusTests
{
    [Fact]
    public void Regular_file_has_its_size_and_the_same_identity_through_links()
    {
        using var temp = new TempFolder();
        var file = temp.File("key.img");
        File.WriteAllBytes(file, new byte[1234]);
        File.CreateSymbolicLink(temp.File("soft"), file);
        ExternalTool.Check("ln", file, temp.File("hard"));

        var status = PathStatus.Of(file)!;

        Assert.Equal(PathKind.RegularFile, status.Kind);
        Assert.Equal(1234, status.Size);
        Assert.Equal(status.Identity, PathStatus.Of(temp.File("soft"))!.Identity);
        Assert.Equal(status.Identity, PathStatus.Of(temp.File("hard"))!.Identity);
        Assert.NotEqual(status.Identity, PathStatus.Of(temp.Path)!.Identity);
    }

    [Fact]
    public void Identity_device_is_the_file_systems_as_stat_reports_it()
    {
        using var temp = new TempFolder();
        var file = temp.File("x");
        File.WriteAllText(file, "x");

        var expected = ExternalTool.Check("stat", "-c", "%Hd:%Ld %i", file).Output.Trim();

        var identity = PathStatus.Of(file)!.Identity;
        Assert.Equal(expected, $"{identity.Device} {identity.Inode}");
    }

    [Fact]
    public void Kinds_of_directory_and_device_nodes()
    {
        Assert.Equal(PathKind.Directory, PathStatus.Of("/")!.Kind);
        var devNull = PathStatus.Of("/dev/null")!;
        Assert.Equal(PathKind.CharacterDevice, devNull.Kind);
        Assert.Equal(new DeviceNumber(1, 3), devNull.NamedDevice);
    }

    [Fact]
    public void Missing_path_is_null()
    {
        using var temp = new TempFolder();

        Assert.Null(PathStatus.Of(temp.File("missing")));
        Assert.Null(PathStatus.Of(temp.File("missing/below")));
    }
}
