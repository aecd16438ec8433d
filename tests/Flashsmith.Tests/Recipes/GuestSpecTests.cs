using Flashsmith.Disk;
using Flashsmith.Recipes;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Recipes;

/// <summary>The recipe's guests and the compile inputs every component may name: parsed once, with positions, or refused with them.</summary>
public sealed class GuestSpecTests : IDisposable
{
    private readonly RecipeWorkspace workspace = new();

    public GuestSpecTests()
    {
        Directory.CreateDirectory(Path.Combine(workspace.Root, "firmware", "guests", "hello"));
        Directory.CreateDirectory(Path.Combine(workspace.Root, "firmware", "include"));
    }

    public void Dispose() => workspace.Dispose();

    private void WriteGuest(string keys) => workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + $$"""

        guests:
          - {name: hello, version: 1.0.0, sources: ../firmware/guests/hello{{keys}}}
        """);

    [Fact]
    public void Guest_gets_the_documented_defaults()
    {
        WriteGuest(string.Empty);

        var guest = Assert.Single(workspace.Load("demo.yaml").Guests);

        Assert.Equal("hello", guest.Name.Value);
        Assert.Equal(ByteSize.FromMiB(1), guest.Memory.Value);
        Assert.Equal("guests", guest.Group.Value);
        Assert.Equal(ToolchainLocator.ClangElfX64, guest.Toolchain.Value);
        Assert.Empty(guest.Compile.Include);
        Assert.Empty(guest.Compile.Defines);
        Assert.Equal(Path.Combine(workspace.Root, "firmware", "guests", "hello"), guest.Sources.Value);
    }

    [Fact]
    public void Include_folders_and_defines_are_parsed_once_into_typed_values()
    {
        WriteGuest(", memory: 2MiB, include: [../firmware/include], defines: [TRACE, \"LEVEL=3\"]");

        var guest = Assert.Single(workspace.Load("demo.yaml").Guests);

        Assert.Equal(ByteSize.FromMiB(2), guest.Memory.Value);
        Assert.Equal([Path.Combine(workspace.Root, "firmware", "include")], guest.Compile.Include.Select(i => i.Value));
        Assert.Equal([new CompileDefine("TRACE", null), new CompileDefine("LEVEL", "3")], guest.Compile.Defines.Select(d => d.Value));
        Assert.Equal(["-DTRACE", "-DLEVEL=3"], guest.Compile.Defines.Select(d => d.Value.Flag));
        Assert.Equal(7, guest.Compile.Defines[1].Position.Line);
    }

    [Theory]
    [InlineData("defines: [\"2FAST\"]", "7:80: 'guests[hello].defines' holds '2FAST', which is not a define; write " + CompileDefine.Rule)]
    [InlineData("defines: [\"A=b c\"]", "7:80: 'guests[hello].defines' holds 'A=b c', which is not a define; write " + CompileDefine.Rule)]
    [InlineData("memory: 1000kB", "7:78: guest 'hello' has 1000000 bytes of memory; give a multiple of 4 KiB from 128 KiB to 1 GiB")]
    [InlineData("memory: 64KiB", "7:78: guest 'hello' has 64 KiB (65536 bytes) of memory; give a multiple of 4 KiB from 128 KiB to 1 GiB")]
    public void Bad_guest_values_are_reported_where_they_are_written(string keys, string expected)
    {
        WriteGuest(", " + keys);

        Assert.Equal([expected], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Missing_include_folder_is_reported_where_it_is_written()
    {
        WriteGuest(", include: [../firmware/missing]");

        var error = Assert.Single(workspace.Errors("demo.yaml"));
        Assert.StartsWith("7:80: 'guests[hello].include' names '../firmware/missing', which does not exist (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Core_and_driver_defines_are_checked_like_a_guest_s()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\n  defines: [\"-DX\"]\n");

        Assert.Equal(["6:13: 'core.defines' holds '-DX', which is not a define; write " + CompileDefine.Rule], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Two_guests_of_one_name_are_refused()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + """

            guests:
              - {name: hello, version: 1.0.0, sources: ../firmware/guests/hello}
              - {name: hello, version: 1.0.1, sources: ../firmware/guests/hello}
            """);

        var error = Assert.Single(workspace.Errors("demo.yaml"));
        Assert.StartsWith("8:12: duplicate guest name 'hello' (first at ", error, StringComparison.Ordinal);
    }
}
