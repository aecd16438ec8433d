using Flashsmith.Recipes;

namespace Flashsmith.Tests.Recipes;

/// <summary>
/// What the model builder checks across the keys of a recipe that takes what others built: where the core comes from
/// (FS1020), where each file comes from (FS1021), the paths they name (FS1011) and their package URLs (FS1007); each
/// problem with its code, line, column and message, and all of them at once.
/// </summary>
public sealed class RecipeModelBuilderTests : IDisposable
{
    private const string Sha = "27f419773f45f00af70dfec9c767df0fe79290c5564451011ad8241c2798183a";
    private const string ReadmeSha = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    private const string Product = "product:\n  name: demo\n  version: 1.0.0\ncore:\n";

    private readonly RecipeWorkspace workspace = new();

    public RecipeModelBuilderTests()
    {
        workspace.WriteFile("payload/xen.efi", "MZ"u8.ToArray());
        workspace.WriteFile("payload/readme.txt", "hello\n"u8.ToArray());
        workspace.WriteFile("rootfs/etc/hostname", "demo\n"u8.ToArray());
    }

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Prebuilt_core_keeps_its_file_name_and_takes_its_options_and_loader()
    {
        workspace.Write("demo.yaml", Product + $"""
              prebuilt: ../payload/xen.efi
              sha256: {Sha}
              options: "console=com1 dom0_mem=512M"
              loader: ../firmware/loader
            """);

        var recipe = workspace.Load("demo.yaml");

        Assert.Null(recipe.Core.Sources);
        Assert.Equal(Path.Combine(workspace.Root, "payload", "xen.efi"), recipe.Core.Prebuilt!.Value.Value);
        Assert.Equal(Sha, recipe.Core.Sha256!.Value.Value);
        Assert.Equal("xen.efi", recipe.Core.Output.Value);
        Assert.Equal("console=com1 dom0_mem=512M", recipe.Core.Options.Value);
        Assert.Equal(Path.Combine(workspace.Root, "firmware", "loader"), recipe.Core.Loader.Value);
        Assert.Equal("THINVISOR READY", recipe.Boot.Ready.Value.ToString());
        Assert.Equal("THINVISOR HALT", recipe.Boot.Halt.Value.ToString());
    }

    [Fact]
    public void Compiled_core_has_no_options_and_boot_patterns_are_read_as_given()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nboot:\n  ready: \"DOM0 .* READY\"\n  halt: 'Kernel panic|THINVISOR HALT'\n");

        var recipe = workspace.Load("demo.yaml");

        Assert.Equal(string.Empty, recipe.Core.Options.Value);
        Assert.Equal("core.efi", recipe.Core.Output.Value);
        Assert.Equal("DOM0 .* READY", recipe.Boot.Ready.Value.ToString());
        Assert.Equal("Kernel panic|THINVISOR HALT", recipe.Boot.Halt.Value.ToString());
        Assert.Equal(8, recipe.Boot.Halt.Position.Line);
    }

    [Fact]
    public void Files_get_the_documented_defaults_and_normal_paths()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + $$"""

            files:
              - name: kernel
                version: 6.1.0
                to: /vmlinuz
                from: ../payload/readme.txt
                sha256: {{ReadmeSha}}
                purl: pkg:deb/debian/linux-image-amd64@6.1.0?arch=amd64
              - {name: cfg, version: 1, to: /EFI//demo/x.cfg/, partition: esp, text: "a\n"}
              - name: rootfs
                version: 1
                group: dom0
                to: /initrd.gz
                initramfs: ../rootfs
                add:
                  - {from: ../payload/readme.txt, to: /etc/motd, sha256: {{ReadmeSha}}}
                  - {from: ../payload, to: /opt/payload}
            """);

        var files = workspace.Load("demo.yaml").Files;

        Assert.Equal(["kernel", "cfg", "rootfs"], files.Select(f => f.Name.Value));
        Assert.Equal(["files", "files", "dom0"], files.Select(f => f.Group.Value));
        Assert.Equal(["/vmlinuz", "/EFI/demo/x.cfg", "/initrd.gz"], files.Select(f => f.To.Value));
        Assert.Equal([null, "esp", null], files.Select(f => f.Partition?.Value));
        Assert.Equal(Path.Combine(workspace.Root, "payload", "readme.txt"), files[0].From!.Value.Value);
        Assert.Equal(ReadmeSha, files[0].Sha256!.Value.Value);
        Assert.Equal("pkg:deb/debian/linux-image-amd64@6.1.0?arch=amd64", files[0].Purl!.Value.Value);
        Assert.Equal("a\n", files[1].Text!.Value.Value);
        Assert.Null(files[1].Purl);
        Assert.Equal(Path.Combine(workspace.Root, "rootfs"), files[2].Initramfs!.Value.Value);
        Assert.Equal(["/etc/motd", "/opt/payload"], files[2].Additions.Select(a => a.To.Value));
        Assert.Equal([ReadmeSha, null], files[2].Additions.Select(a => a.Sha256?.Value));
        Assert.Equal(Path.Combine(workspace.Root, "payload"), files[2].Additions[1].From.Value);
    }

    [Theory]
    [InlineData("  sources: ../firmware/core\n  prebuilt: ../payload/xen.efi\n  sha256: " + Sha + "\n  loader: ../firmware/loader\n",
        "6:13: FS1020: the core has both 'sources' and 'prebuilt'; give one")]
    [InlineData("  toolchain: clang-uefi-x64\n",
        "5:3: FS1020: the core needs 'sources' (a folder of C sources) or 'prebuilt' (an EFI application with its 'sha256')")]
    [InlineData("  prebuilt: ../payload/xen.efi\n  loader: ../firmware/loader\n",
        "5:13: FS1020: the core is prebuilt and needs its 'sha256'")]
    [InlineData("  sources: ../firmware/core\n  sha256: " + Sha + "\n",
        "6:11: FS1020: the core is compiled from sources; 'sha256' applies only to a 'prebuilt' core")]
    [InlineData("  prebuilt: ../payload/xen.efi\n  sha256: " + Sha + "\n",
        "5:3: FS1020: a prebuilt core is started by the loader: name the loader's sources with 'loader' (such as src/firmware/loader)")]
    public void Core_whose_source_is_unclear_is_refused_where_it_is_written(string core, string expected)
    {
        workspace.Write("demo.yaml", Product + core);

        Assert.Equal([expected], workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Prebuilt_core_that_is_a_folder_or_missing_is_a_missing_path()
    {
        workspace.Write("folder.yaml", Product + "  prebuilt: ../firmware/core\n  sha256: " + Sha + "\n  loader: ../firmware/loader\n");
        workspace.Write("missing.yaml", Product + "  prebuilt: ../payload/xen-4.17.efi\n  sha256: " + Sha + "\n  loader: ../firmware/loader\n");

        Assert.Equal(["5:13: FS1011: 'core.prebuilt' names '../firmware/core', which is a folder, not a file"], workspace.Problems("folder.yaml"));
        Assert.Equal([$"5:13: FS1011: 'core.prebuilt' names '../payload/xen-4.17.efi', which does not exist ({Rel("payload/xen-4.17.efi")})"], workspace.Problems("missing.yaml"));
    }

    [Theory]
    [InlineData("{name: cfg, version: 1, to: /x.cfg}",
        "7:5: FS1021: file 'cfg' needs one source: 'from' (a file with its 'sha256'), 'text' (its contents) or 'initramfs' (a folder to pack)")]
    [InlineData("{name: cfg, version: 1, to: /x.cfg, text: hi, initramfs: ../rootfs}",
        "7:5: FS1021: file 'cfg' has 'text' and 'initramfs'; give exactly one source")]
    [InlineData("{name: cfg, version: 1, to: /x.cfg, from: ../payload/readme.txt, text: hi, initramfs: ../rootfs}",
        "7:5: FS1021: file 'cfg' has 'from' and 'text' and 'initramfs'; give exactly one source")]
    [InlineData("{name: cfg, version: 1, to: /x.cfg, from: ../payload/readme.txt}",
        "7:47: FS1021: file 'cfg' is taken from a file and needs its 'sha256'")]
    [InlineData("{name: cfg, version: 1, to: /x.cfg, text: hi, sha256: " + ReadmeSha + "}",
        "7:59: FS1021: file 'cfg' has no 'from'; 'sha256' pins only a file taken as it is")]
    [InlineData("{name: cfg, version: 1, to: /x.cfg, text: hi, add: [{from: ../payload/readme.txt, to: /r}]}",
        "7:57: FS1021: file 'cfg' is not an initramfs; 'add' puts files into an initramfs only")]
    [InlineData("{name: cfg, version: 1, to: /x.gz, initramfs: ../rootfs, add: [{from: ../payload, to: /p, sha256: " + ReadmeSha + "}]}",
        "7:103: FS1021: 'files[cfg].add[1].sha256' pins a file, but 'files[cfg].add[1].from' names a folder; leave it out, or add the folder's files one by one")]
    public void File_whose_source_is_unclear_is_refused_where_it_is_written(string entry, string expected)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nfiles:\n  - " + entry + "\n");

        Assert.Equal([expected], workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Paths_a_file_names_must_exist_and_be_of_their_kind()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + $$"""

            files:
              - {name: rd, version: 1, to: /rd.gz, initramfs: ../missing}
              - {name: rf, version: 1, to: /rf.gz, initramfs: ../payload/readme.txt}
              - {name: ra, version: 1, to: /ra.gz, initramfs: ../rootfs, add: [{from: ../payload/nothere, to: /x}]}
              - {name: k, version: 1, to: /k, from: ../payload/nothere, sha256: {{ReadmeSha}}}
              - {name: d, version: 1, to: /d, from: ../rootfs, sha256: {{ReadmeSha}}}
            """);

        Assert.Equal(
            [
                $"7:51: FS1011: 'files[rd].initramfs' names '../missing', which does not exist ({Rel("missing")})",
                "8:51: FS1011: 'files[rf].initramfs' names '../payload/readme.txt', which is a file, not a folder",
                $"9:75: FS1011: 'files[ra].add[1].from' names '../payload/nothere', which does not exist ({Rel("payload/nothere")})",
                $"10:41: FS1011: 'files[k].from' names '../payload/nothere', which does not exist ({Rel("payload/nothere")})",
                "11:41: FS1011: 'files[d].from' names '../rootfs', which is a folder, not a file",
            ],
            workspace.Problems("demo.yaml"));
    }

    [Theory]
    [InlineData("deb/debian/busybox@1")]
    [InlineData("pkg:/busybox")]
    [InlineData("pkg:deb/debian/busybox static@1")]
    [InlineData("https://deb.debian.org/debian/pool/main/b/busybox")]
    public void Purl_that_is_not_a_package_url_is_refused_where_it_is_written(string purl)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + $"\nfiles:\n  - {{name: cfg, version: 1, to: /x.cfg, text: hi, purl: \"{purl}\"}}\n");

        Assert.Equal(
            [$"7:57: FS1007: 'files[cfg].purl' is not a package URL: '{purl}'; write pkg:TYPE/NAMESPACE/NAME@VERSION, such as pkg:deb/debian/busybox-static@1.35.0?arch=amd64"],
            workspace.Problems("demo.yaml"));
    }

    [Fact]
    public void Every_problem_across_keys_is_reported_at_once_in_the_order_of_the_file()
    {
        // Values that do not parse (FS1007 from the schema) are reported a step before these, all at once too.
        workspace.Write("demo.yaml", Product + """
              prebuilt: ../payload/xen.efi
            files:
              - {name: a, version: 1, to: /a, from: ../payload/readme.txt}
              - {name: b, version: 1, to: /b, text: hi, initramfs: ../missing}
              - {name: c, version: 1, to: /c, text: hi, purl: nonsense}
              - {name: a, version: 2, to: /d, text: hi, add: [{from: ../payload/nothere, to: /x}]}
            """);

        Assert.Equal(
            [
                "5:3: FS1020: a prebuilt core is started by the loader: name the loader's sources with 'loader' (such as src/firmware/loader)",
                "5:13: FS1020: the core is prebuilt and needs its 'sha256'",
                "7:41: FS1021: file 'a' is taken from a file and needs its 'sha256'",
                "8:5: FS1021: file 'b' has 'text' and 'initramfs'; give exactly one source",
                $"8:56: FS1011: 'files[b].initramfs' names '../missing', which does not exist ({Rel("missing")})",
                "9:51: FS1007: 'files[c].purl' is not a package URL: 'nonsense'; write pkg:TYPE/NAMESPACE/NAME@VERSION, such as pkg:deb/debian/busybox-static@1.35.0?arch=amd64",
                $"10:12: FS1014: duplicate file name 'a' (first at {Rel("recipes/demo.yaml")}:7:12)",
                "10:51: FS1021: file 'a' is not an initramfs; 'add' puts files into an initramfs only",
                $"10:58: FS1011: 'files[a].add[1].from' names '../payload/nothere', which does not exist ({Rel("payload/nothere")})",
            ],
            workspace.Problems("demo.yaml"));
    }

    private string Rel(string relative) => ProjectFolder.Display(Path.Combine(workspace.Root, relative));
}
