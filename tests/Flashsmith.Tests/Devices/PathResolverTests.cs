using Flashsmith.Devices;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Devices;

public sealed class PathResolverTests
{
    [Fact]
    public void Follows_relative_links_in_every_component_like_realpath()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("dev/disk/by-id"));
        File.WriteAllText(temp.File("dev/sdb"), string.Empty);
        File.CreateSymbolicLink(temp.File("dev/disk/by-id/usb-key"), "../../sdb");
        Directory.CreateSymbolicLink(temp.File("ids"), "dev/disk/by-id");

        var expected = ExternalTool.Check("realpath", temp.File("ids/usb-key")).Output.Trim();

        Assert.Equal(expected, PathResolver.Canonical(temp.File("ids/usb-key")));
        Assert.Equal(expected, PathResolver.Canonical(temp.File("ids/../by-id/./usb-key")));
    }

    [Fact]
    public void Keeps_a_missing_tail_as_written()
    {
        using var temp = new TempFolder();
        Directory.CreateSymbolicLink(temp.File("here"), temp.Path);

        Assert.Equal(PathResolver.Canonical(temp.Path) + "/missing/x", PathResolver.Canonical(temp.File("here/missing/x")));
    }

    [Fact]
    public void A_link_loop_is_an_error()
    {
        using var temp = new TempFolder();
        File.CreateSymbolicLink(temp.File("a"), "b");
        File.CreateSymbolicLink(temp.File("b"), "a");

        Assert.Throws<IOException>(() => PathResolver.Canonical(temp.File("a")));
    }
}
