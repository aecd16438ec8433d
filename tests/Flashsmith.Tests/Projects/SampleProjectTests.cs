using Flashsmith.Diagnostics;
using Flashsmith.Projects;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Projects;

/// <summary>The sample init copies is found installed beside the tool, else in the checkout around it, else named as missing.</summary>
public sealed class SampleProjectTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_installed_sample_is_found_from_the_tools_folder()
    {
        MakeSample(temp.File("usr/share/flashsmith/sample"));
        Directory.CreateDirectory(temp.File("usr/lib/flashsmith"));

        var sample = SampleProject.Locate(temp.File("usr/lib/flashsmith"));

        Assert.Equal(temp.File("usr/share/flashsmith/sample"), sample.Root);
    }

    [Fact]
    public void A_checkout_around_the_tool_is_the_sample_and_what_a_fetch_left_stays_out()
    {
        MakeSample(temp.Path);
        Directory.CreateDirectory(temp.File(".flashsmith/cli/native-x"));
        foreach (var file in new[] { "examples/xen/xen.yaml", "examples/xen/payload/xen.efi", "examples/xen/.debs/xen.deb", "src/firmware/loader/main.c", "src/firmware/include/efi.h" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.File(file))!);
            File.WriteAllText(temp.File(file), "x");
        }

        var sample = SampleProject.Locate(temp.File(".flashsmith/cli/native-x"));

        Assert.Equal(temp.Path, sample.Root);
        Assert.Equal(["examples/xen/xen.yaml", "src/firmware/include/efi.h", "src/firmware/loader/main.c"], sample.Files(ProjectSample.Xen));
        Assert.Equal(["recipes/oem/dell-poweredge-r710.yaml", "recipes/thinvisor.yaml", "src/firmware/core/main.c", "src/firmware/include/efi.h", "src/firmware/loader/main.c"], sample.Files(ProjectSample.Thinvisor));
    }

    [Fact]
    public void No_sample_anywhere_is_named_with_where_it_was_looked_for()
    {
        Directory.CreateDirectory(temp.File("opt/lib/flashsmith"));

        var failure = Assert.Throws<BadInputException>(() => SampleProject.Locate(temp.File("opt/lib/flashsmith")));

        Assert.Equal($"error FS0008: the sample project is not installed: there is none at {temp.File("opt/share/flashsmith/sample")}, nor in a checkout around {temp.File("opt/lib/flashsmith")}", Assert.Single(failure.Lines));
    }

    private static void MakeSample(string root)
    {
        foreach (var file in new[] { "recipes/thinvisor.yaml", "recipes/oem/dell-poweredge-r710.yaml", "src/firmware/core/main.c" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, file))!);
            File.WriteAllText(Path.Combine(root, file), "x");
        }
    }
}
