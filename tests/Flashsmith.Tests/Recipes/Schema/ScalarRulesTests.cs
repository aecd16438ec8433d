namespace Flashsmith.Tests.Recipes.Schema;

/// <summary>
/// The values of a recipe that takes what others built, checked one by one: paths in a partition or an archive, the
/// core's command line and the boot patterns, each refused (FS1007) with its line, column and why.
/// </summary>
public sealed class ScalarRulesTests : IDisposable
{
    private const string PrebuiltCore = """
        product:
          name: demo
          version: 1.0.0
        core:
          prebuilt: ../payload/xen.efi
          sha256: 27f419773f45f00af70dfec9c767df0fe79290c5564451011ad8241c2798183a
          loader: ../firmware/loader

        """;

    private readonly RecipeWorkspace workspace = new();

    public ScalarRulesTests()
    {
        workspace.WriteFile("payload/xen.efi", "MZ"u8.ToArray());
        workspace.WriteFile("payload/readme.txt", "hello\n"u8.ToArray());
        workspace.WriteFile("rootfs/etc/hostname", "demo\n"u8.ToArray());
    }

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData("x.cfg", "'x.cfg'; start it with '/', such as /vmlinuz")]
    [InlineData("/", "'/'; it names the root folder; name a file")]
    [InlineData("//", "'//'; it names the root folder; name a file")]
    [InlineData("/a/b:c", "'/a/b:c'; the name 'b:c' holds ':', which FAT names may not")]
    [InlineData("/EFI/../boot.cfg", "'/EFI/../boot.cfg'; the name '..' is not a file name")]
    [InlineData("/notes./x", "'/notes./x'; the name 'notes.' ends in a dot or a space, which FAT drops")]
    [InlineData("/con.txt", "'/con.txt'; the name 'con.txt' is the reserved device name 'CON'")]
    public void File_path_that_is_not_an_absolute_fat_path_is_refused_where_it_is_written(string to, string expected)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + $"\nfiles:\n  - {{name: cfg, version: 1, to: \"{to}\", text: hi}}\n");

        Assert.Equal([$"7:33: FS1007: 'files[cfg].to' is not a path in a partition: {expected}"], workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Initramfs_addition_path_is_checked_like_a_file_path()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nfiles:\n  - {name: rd, version: 1, to: /rd.gz, initramfs: ../rootfs, add: [{from: ../payload/readme.txt, to: x}]}\n");

        Assert.Equal(["7:102: FS1007: 'files[rd].add[1].to' is not a path in a partition: 'x'; start it with '/', such as /vmlinuz"], workspace.Problems("demo.yaml"));
    }

    [Theory]
    [InlineData("\"console=ttyS0 \u00e9\"", "character 15 is U+00E9; use printable ASCII on one line")]
    [InlineData("\"a\\tb\"", "character 2 is U+0009; use printable ASCII on one line")]
    [InlineData("\"dom0_mem=512M\\u0000\"", "character 14 is U+0000; use printable ASCII on one line")]
    [InlineData("|\n    a\n    b", "character 2 is U+000A; use printable ASCII on one line")]
    [InlineData("\"console=com1 \u2014 x\"", "character 14 is U+2014; use printable ASCII on one line")]
    public void Core_options_that_are_not_printable_ascii_on_one_line_are_refused(string options, string expected)
    {
        workspace.Write("demo.yaml", PrebuiltCore + "  options: " + options + "\n");

        Assert.Equal([$"8:12: FS1007: 'core.options' is not a command line the loader can pass: {expected}"], workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Core_options_hold_at_most_1024_characters()
    {
        workspace.Write("longest.yaml", PrebuiltCore + "  options: " + new string('x', 1024) + "\n");
        workspace.Write("long.yaml", PrebuiltCore + "  options: " + new string('x', 1025) + "\n");

        Assert.Equal(1024, workspace.Load("longest.yaml").Core.Options.Value.Length);
        Assert.Equal(["8:12: FS1007: 'core.options' is not a command line the loader can pass: it has 1025 characters, more than 1024"], workspace.Problems("long.yaml"));
    }

    [Fact]
    public void Boot_patterns_that_are_not_regular_expressions_are_refused_where_they_are_written()
    {
        workspace.Write("demo.yaml", PrebuiltCore + "boot:\n  ready: \"THINVISOR (READY\"\n  halt: \"\"\n");

        Assert.Equal(
            [
                "9:10: FS1007: 'boot.ready' is not a regular expression: 'THINVISOR (READY': Invalid pattern 'THINVISOR (READY' at offset 16. Not enough )'s.",
                "10:9: FS1007: 'boot.halt' is not a regular expression: '': it is empty, and would match every line",
            ],
            workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Boot_pattern_with_a_bad_class_is_refused_with_the_offset_of_the_problem()
    {
        workspace.Write("demo.yaml", PrebuiltCore + "boot:\n  halt: '[z-a] panic'\n");

        Assert.Equal(["9:9: FS1007: 'boot.halt' is not a regular expression: '[z-a] panic': Invalid pattern '[z-a] panic' at offset 4. [x-y] range in reverse order."], workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Every_value_that_does_not_parse_is_reported_at_once()
    {
        workspace.Write("demo.yaml", PrebuiltCore + """
              options: "tab\there"
            files:
              - {name: a, version: 1, to: vmlinuz, text: hi}
              - {name: b, version: 1, to: /b, initramfs: ../rootfs, add: [{from: ../payload/readme.txt, to: "/c:d"}]}
            boot:
              ready: "("
              halt: ""
            """);

        Assert.Equal(
            [
                "8:12: FS1007: 'core.options' is not a command line the loader can pass: character 4 is U+0009; use printable ASCII on one line",
                "10:31: FS1007: 'files[a].to' is not a path in a partition: 'vmlinuz'; start it with '/', such as /vmlinuz",
                "11:97: FS1007: 'files[b].add[1].to' is not a path in a partition: '/c:d'; the name 'c:d' holds ':', which FAT names may not",
                "13:10: FS1007: 'boot.ready' is not a regular expression: '(': Invalid pattern '(' at offset 1. Not enough )'s.",
                "14:9: FS1007: 'boot.halt' is not a regular expression: '': it is empty, and would match every line",
            ],
            workspace.Problems("demo.yaml"));
    }
}
