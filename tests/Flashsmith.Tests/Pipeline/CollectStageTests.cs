using System.Security.Cryptography;
using System.Text;
using Flashsmith.Diagnostics;
using Flashsmith.Payloads;
using Flashsmith.Pipeline;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Tests.Pipeline;

/// <summary>
/// What the build collects without compiling it: files taken as they are and checked again, text written as UTF-8, and
/// initramfs folders packed, or refused (FS1023, FS3001) at the file's entry in the recipe.
/// </summary>
public sealed class CollectStageTests : IDisposable
{
    private readonly RecipeWorkspace workspace = new();

    public CollectStageTests()
    {
        workspace.WriteFile("payload/busybox", "#!/bin/sh\necho busybox\n"u8.ToArray());
        workspace.WriteFile("payload/vmlinuz", "kernel"u8.ToArray());
        workspace.WriteFile("rootfs/etc/hostname", "demo\n"u8.ToArray());
    }

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task Files_are_taken_written_and_packed_under_their_names()
    {
        var plan = Plan($$"""
              - {name: kernel, version: 1, to: /vmlinuz, from: ../payload/vmlinuz, sha256: {{Sha("kernel"u8.ToArray())}}}
              - {name: cfg, version: 1, to: /xen.cfg, text: "[global]\ndefault=xen \u00e9\n"}
              - {name: rootfs, version: 1, to: /initrd.gz, initramfs: ../rootfs, add: [{from: ../payload/busybox, to: /bin/busybox}]}
            """);

        var collected = await CollectStage.RunAsync(new CollectInput(plan), CancellationToken.None);

        Assert.Equal(["cfg", "kernel", "rootfs"], collected.Components.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("kernel"u8.ToArray(), collected.Components["kernel"]);
        Assert.Equal(Encoding.UTF8.GetBytes("[global]\ndefault=xen \u00e9\n"), collected.Components["cfg"]);
        Assert.Equal(
            InitramfsPacker.Pack(Path.Combine(workspace.Root, "rootfs"), [new InitramfsAddition(Path.Combine(workspace.Root, "payload", "busybox"), "/bin/busybox")], plan.Epoch.Seconds),
            collected.Components["rootfs"]);
    }

    [Fact]
    public async Task Added_file_that_differs_from_its_pin_stops_the_initramfs_at_its_entry()
    {
        var wrong = Sha([0]);
        var plan = Plan($$"""
              - name: rootfs
                version: 1
                to: /initrd.gz
                initramfs: ../rootfs
                add:
                  - {from: ../payload/busybox, to: /bin/busybox, sha256: {{wrong}}}
            """);

        var problems = await Problems(plan);

        Assert.Equal([$"7:5: FS1023: file 'rootfs': {Rel("payload/busybox")} (added at /bin/busybox) has SHA-256 {Sha(File.ReadAllBytes(Path.Combine(workspace.Root, "payload", "busybox")))}, but the recipe pins {wrong}"], problems);
    }

    [Fact]
    public async Task Two_entries_at_one_archive_path_stop_the_initramfs_at_its_entry()
    {
        var plan = Plan("  - {name: rootfs, version: 1, to: /initrd.gz, initramfs: ../rootfs, add: [{from: ../payload/busybox, to: /etc/hostname}]}\n");

        var problems = await Problems(plan);

        Assert.Equal(
            [$"7:5: FS1023: file 'rootfs': the initramfs from {Rel("rootfs")} cannot be packed: /etc/hostname is given twice: by {Full("rootfs/etc/hostname")} in the folder, and by {Full("payload/busybox")}, added as /etc/hostname"],
            problems);
    }

    [Fact]
    public async Task Pipe_in_the_folder_stops_the_initramfs_at_its_entry()
    {
        var fifo = Path.Combine(workspace.Root, "rootfs", "dev-console");
        TestSupport.ExternalTool.Check("mkfifo", fifo);
        var plan = Plan("  - {name: rootfs, version: 1, to: /initrd.gz, initramfs: ../rootfs}\n");

        var problems = await Problems(plan);

        Assert.Equal(
            [$"7:5: FS1023: file 'rootfs': the initramfs from {Rel("rootfs")} cannot be packed: {fifo} is a FIFO or socket; an initramfs holds only folders, files and symbolic links here (device nodes are made at boot, by devtmpfs)"],
            problems);
    }

    [Fact]
    public async Task File_changed_after_planning_is_a_mismatch_at_its_pin()
    {
        var pinned = Sha("kernel"u8.ToArray());
        var plan = Plan($"  - {{name: kernel, version: 1, to: /vmlinuz, from: ../payload/vmlinuz, sha256: {pinned}}}\n");
        workspace.WriteFile("payload/vmlinuz", "kernel, patched"u8.ToArray());

        var problems = await Problems(plan);

        Assert.Equal([$"7:80: FS3001: file 'kernel': {Rel("payload/vmlinuz")} has SHA-256 {Sha("kernel, patched"u8.ToArray())}, but the recipe pins {pinned}"], problems);
    }

    /// <summary>The plan of a compiled core with <paramref name="files"/> (YAML list entries, from line 7).</summary>
    private BuildPlan Plan(string files)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nfiles:\n" + files);
        return BuildPlanner.Plan(workspace.Load("demo.yaml"), BuildSettings.None);
    }

    private static async Task<IReadOnlyList<string>> Problems(BuildPlan plan) =>
        RecipeWorkspace.Coded(await Assert.ThrowsAsync<BadInputException>(() => CollectStage.RunAsync(new CollectInput(plan), CancellationToken.None)));

    private string Rel(string relative) => ProjectFolder.Display(Full(relative));

    private string Full(string relative) => Path.Combine(workspace.Root, relative);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
