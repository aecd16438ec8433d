using System.Security.Cryptography;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;

namespace Flashsmith.Tests.Planning;

/// <summary>
/// Where the recipe's files go, as the planner places them beside what the builder writes itself: each file a component
/// in its partition, and each that cannot go where the recipe puts it refused (FS1022) at its line and column.
/// </summary>
public sealed class BuildPlannerTests : IDisposable
{
    /// <summary>A compiled core, a driver and a guest; the files follow from line 11 on.</summary>
    private const string Recipe = """
        product:
          name: demo
          version: 1.0.0
        core:
          sources: ../firmware/core
        drivers:
          - {name: nic, version: 1.0, sources: ../firmware/drivers/nic}
        guests:
          - {name: hello, version: 1.0.0, sources: ../firmware/guests/hello}
        files:

        """;

    private readonly RecipeWorkspace workspace = new();

    public BuildPlannerTests()
    {
        workspace.WriteFile("firmware/guests/hello/main.c", "void guest_main(void) { }\n"u8.ToArray());
        workspace.WriteFile("firmware/guests/hello/guest.ld", "SECTIONS { . = 0x10000; }\n"u8.ToArray());
        workspace.WriteFile("payload/readme.txt", "hello\n"u8.ToArray());
        workspace.WriteFile("rootfs/etc/hostname", "demo\n"u8.ToArray());
    }

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Files_are_components_in_their_partition_and_the_plan_carries_options_and_patterns()
    {
        var plan = Plan(Recipe + """
              - {name: kernel, version: 6.1.0, group: dom0, to: /vmlinuz, from: ../payload/readme.txt, sha256: 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03, purl: "pkg:deb/debian/linux@6.1"}
              - {name: cfg, version: 1, to: /EFI/demo/x.cfg, partition: esp, text: "a\n"}
              - {name: rootfs, version: 1, to: /initrd.gz, initramfs: ../rootfs, add: [{from: ../payload/readme.txt, to: /etc/motd}]}
            boot:
              ready: "DOM0 READY"
            """);

        var files = plan.Components.Where(c => c.Kind == ComponentKind.File).ToList();
        Assert.Equal(["kernel", "cfg", "rootfs"], files.Select(f => f.Name));
        Assert.Equal(["bootbank:/vmlinuz", "esp:/EFI/demo/x.cfg", "bootbank:/initrd.gz"], files.Select(f => $"{f.Partition}:{f.PathInPartition}"));
        Assert.Equal(["dom0", "files", "files"], files.Select(f => f.Group));
        Assert.Equal(["a file", "a text file", "an initramfs"], files.Select(f => f.Summary));
        Assert.Equal(Path.Combine(workspace.Root, "payload", "readme.txt"), files[0].PrebuiltFile);
        Assert.Equal("pkg:deb/debian/linux@6.1", files[0].Purl);
        Assert.Equal("a\n", files[1].Text);
        Assert.Equal(Path.Combine(workspace.Root, "rootfs"), files[2].Initramfs!.Folder);
        Assert.Equal([Path.Combine(workspace.Root, "payload", "readme.txt"), "/etc/motd"], files[2].Initramfs!.Additions.SelectMany(a => new[] { a.From, a.To }));
        Assert.Equal(string.Empty, plan.CoreOptions);
        Assert.Equal("DOM0 READY", plan.Boot.Ready.ToString());
        Assert.Equal("THINVISOR HALT", plan.Boot.Halt.ToString());
        Assert.False(plan.Boot.IsDefault);
    }

    [Theory]
    [InlineData("/boot.cfg", "which boot.cfg already takes")]
    [InlineData("/BOOT.CFG", "which boot.cfg already takes")]
    [InlineData("/manifest.txt", "which the bank's manifest already takes")]
    [InlineData("/Manifest.TXT", "which the bank's manifest already takes")]
    [InlineData("/manifest.p7s", "which the manifest's signature already takes")]
    [InlineData("/seal.p7s", "which the partition seal already takes")]
    [InlineData("/core.efi", "which core 'core' already takes")]
    [InlineData("/nic.efi", "which driver 'nic' already takes")]
    [InlineData("/hello.bin", "which guest 'hello' already takes")]
    [InlineData("/boot.cfg/x", "which lies inside bootbank:/boot.cfg (boot.cfg)")]
    [InlineData("/core.efi/x.cfg", "which lies inside bootbank:/core.efi (core 'core')")]
    public void File_on_a_path_the_builder_writes_in_the_bank_is_refused(string to, string expected)
    {
        var problems = Problems(Recipe + $"  - {{name: cfg, version: 1, to: {to}, text: hi}}\n");

        Assert.Equal([$"11:33: FS1022: file 'cfg' goes to bootbank:{to}, {expected}"], problems);
    }

    [Theory]
    [InlineData("/EFI/BOOT/BOOTX64.EFI", "esp:/EFI/BOOT/BOOTX64.EFI, which loader 'loader' already takes")]
    [InlineData("/efi/boot/bootx64.efi", "esp:/efi/boot/bootx64.efi, which loader 'loader' already takes")]
    [InlineData("/EFI", "esp:/EFI, which holds esp:/EFI/BOOT/BOOTX64.EFI (loader 'loader')")]
    [InlineData("/EFI/BOOT", "esp:/EFI/BOOT, which holds esp:/EFI/BOOT/BOOTX64.EFI (loader 'loader')")]
    [InlineData("/seal.p7s", "esp:/seal.p7s, which the partition seal already takes")]
    public void File_on_a_path_the_builder_writes_on_the_esp_is_refused(string to, string expected)
    {
        var problems = Problems(Recipe + $"  - {{name: cfg, version: 1, to: {to}, partition: esp, text: hi}}\n");

        Assert.Equal([$"11:33: FS1022: file 'cfg' goes to {expected}"], problems);
    }

    [Fact]
    public void Names_the_builder_takes_only_in_the_bank_are_free_on_the_esp()
    {
        var plan = Plan(Recipe + """
              - {name: a, version: 1, to: /boot.cfg, partition: esp, text: hi}
              - {name: b, version: 1, to: /manifest.txt, partition: esp, text: hi}
              - {name: c, version: 1, to: /core.efi, partition: esp, text: hi}
              - {name: d, version: 1, to: /EFI/BOOT/grub.cfg, partition: esp, text: hi}
              - {name: e, version: 1, to: /my notes.txt, partition: esp, text: hi}
            """);

        Assert.Equal(5, plan.Components.Count(c => c.Kind == ComponentKind.File && c.Partition == "esp"));
    }

    [Fact]
    public void Two_files_collide_on_one_path_without_regard_to_case_or_when_one_lies_inside_the_other()
    {
        var problems = Problems(Recipe + """
              - {name: a, version: 1, to: /xen.cfg, text: hi}
              - {name: b, version: 1, to: /XEN.CFG, text: hi}
              - {name: c, version: 1, to: /xen.cfg/c, text: hi}
              - {name: d, version: 1, to: /dom0/initrd.gz, text: hi}
              - {name: e, version: 1, to: /DOM0, text: hi}
              - {name: f, version: 1, to: /xen.cfg, partition: bootbank, text: hi}
              - {name: g, version: 1, to: /xen.cfg, partition: esp, text: hi}
            """);

        Assert.Equal(
            [
                "12:31: FS1022: file 'b' goes to bootbank:/XEN.CFG, which file 'a' already takes",
                "13:31: FS1022: file 'c' goes to bootbank:/xen.cfg/c, which lies inside bootbank:/xen.cfg (file 'a')",
                "15:31: FS1022: file 'e' goes to bootbank:/DOM0, which holds bootbank:/dom0/initrd.gz (file 'd')",
                "16:31: FS1022: file 'f' goes to bootbank:/xen.cfg, which file 'a' already takes",
            ],
            problems);
    }

    [Theory]
    [InlineData("altbootbank", "whose contents are 'empty'; files go into the boot bank or the partition that holds the loader (contents 'bootbank' or 'core')")]
    [InlineData("unit", "whose contents are 'unit'; files go into the boot bank or the partition that holds the loader (contents 'bootbank' or 'core')")]
    [InlineData("nothere", "which the layout does not have")]
    public void File_for_a_partition_that_is_missing_or_holds_no_files_is_refused_at_its_partition(string partition, string expected)
    {
        var problems = Problems(Recipe + $"  - {{name: cfg, version: 1, to: /x.cfg, partition: {partition}, text: hi}}\n");

        Assert.Equal([$"11:52: FS1022: file 'cfg' goes into partition '{partition}', {expected}"], problems);
    }

    [Fact]
    public void File_whose_path_in_the_bank_holds_a_space_is_refused_because_the_manifest_splits_on_spaces()
    {
        var problems = Problems(Recipe + "  - {name: sp, version: 1, to: /my file.cfg, text: hi}\n");

        Assert.Equal(["11:32: FS1022: file 'sp' goes to bootbank:/my file.cfg, a path with a space; the bank's manifest separates its fields with spaces, so paths in the boot bank take none"], problems);
    }

    [Fact]
    public void File_that_holds_a_path_a_depot_package_installs_is_refused()
    {
        var module = "MZ"u8.ToArray();
        workspace.WriteFile("depot/raid/raid.efi", module);
        workspace.WriteFile("depot/raid/package.yaml", System.Text.Encoding.UTF8.GetBytes($"""
            name: raid
            version: 1.0.0
            vendor: Raid Vendor
            module: raid.efi
            sha256: {Convert.ToHexStringLower(SHA256.HashData(module))}
            installs: [/raid.efi, /legacy/raid.efi]
            """));

        var problems = Problems(Recipe + "  - {name: cfg, version: 1, to: /Legacy, text: hi}\ndepot: ../depot\npackages: [raid]\n");

        Assert.Equal(["11:33: FS1022: file 'cfg' goes to bootbank:/Legacy, which holds bootbank:/legacy/raid.efi (driver 'raid')"], problems);
    }

    [Theory]
    [InlineData("core", "the core")]
    [InlineData("loader", "the loader")]
    [InlineData("nic", "driver 'nic'")]
    [InlineData("hello", "guest 'hello'")]
    public void File_named_like_another_component_is_refused_at_its_name(string name, string other)
    {
        var problems = Problems(Recipe + $"  - {{name: {name}, version: 1, to: /x.cfg, text: hi}}\n");

        Assert.Equal([$"11:12: FS1014: file '{name}' has the name of {other}; give the file a name of its own"], problems);
    }

    [Theory]
    [InlineData("nic", "driver 'nic'")]
    [InlineData("core", "the core")]
    public void Guest_named_like_another_component_is_refused_at_its_name(string name, string other)
    {
        var problems = Problems(Recipe.Replace("{name: hello,", $"{{name: {name},", StringComparison.Ordinal));

        Assert.Equal([$"9:12: FS1014: guest '{name}' has the name of {other}; give the guest a name of its own"], problems);
    }

    [Fact]
    public void Driver_named_like_the_loader_is_refused_at_its_name()
    {
        var problems = Problems(Recipe.Replace("{name: nic,", "{name: loader,", StringComparison.Ordinal));

        Assert.Equal(["7:12: FS1014: driver 'loader' has the name of the loader; give the driver a name of its own"], problems);
    }

    [Fact]
    public void Every_placement_problem_is_reported_at_once()
    {
        var problems = Problems(Recipe + """
              - {name: nic, version: 1, to: /boot.cfg, text: hi}
              - {name: b, version: 1, to: /x, partition: altbootbank, text: hi}
              - {name: c, version: 1, to: /x y, text: hi}
            """);

        Assert.Equal(
            [
                "11:12: FS1014: file 'nic' has the name of driver 'nic'; give the file a name of its own",
                "11:33: FS1022: file 'nic' goes to bootbank:/boot.cfg, which boot.cfg already takes",
                "12:46: FS1022: file 'b' goes into partition 'altbootbank', whose contents are 'empty'; files go into the boot bank or the partition that holds the loader (contents 'bootbank' or 'core')",
                "13:31: FS1022: file 'c' goes to bootbank:/x y, a path with a space; the bank's manifest separates its fields with spaces, so paths in the boot bank take none",
            ],
            problems);
    }

    private BuildPlan Plan(string recipe)
    {
        workspace.Write("demo.yaml", recipe);
        return BuildPlanner.Plan(workspace.Load("demo.yaml"), BuildSettings.None);
    }

    private IReadOnlyList<string> Problems(string recipe)
    {
        workspace.Write("demo.yaml", recipe);
        var loaded = workspace.Load("demo.yaml");
        return RecipeWorkspace.Coded(Assert.Throws<BadInputException>(() => BuildPlanner.Plan(loaded, BuildSettings.None)));
    }
}
