using System.Diagnostics;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Sample_recipes_are_valid()
    {
        var run = CliRun.Of("validate", "--recipes", CliRun.Recipes);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("recipes are valid", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok: {TempRecipes.Display(Path.Combine(CliRun.Recipes, "oem", "dell-poweredge-r710.yaml"))} (5 drivers, 1 guest, 4 partitions)\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipe_with_files_and_no_drivers_counts_no_drivers_and_its_files()
    {
        using var folder = new TempRecipes();
        var project = Path.GetDirectoryName(folder.Recipes)!;
        Directory.CreateDirectory(Path.Combine(project, "payload", "rootfs"));
        File.WriteAllText(Path.Combine(project, "payload", "rootfs", "init"), "#!/bin/sh\n");
        File.WriteAllBytes(Path.Combine(project, "payload", "vmlinuz"), "MZ"u8.ToArray());
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("MZ"u8));
        var recipe = folder.Write("xen.yaml", $"""
            product:
              name: xen
              version: 1.0.0
            core:
              sources: ../core
            files:
              - {"{"}name: xen-cfg, version: 1.0.0, to: /xen.cfg, text: "[global]\n"{"}"}
              - {"{"}name: linux, version: 6.1.0, to: /vmlinuz, from: ../payload/vmlinuz, sha256: {sha256}{"}"}
              - {"{"}name: rootfs, version: 1.0.0, to: /initrd.gz, initramfs: ../payload/rootfs{"}"}
            """);

        var run = CliRun.Of("validate", recipe);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal($"ok: {TempRecipes.Display(recipe)} (0 drivers, 3 files, 4 partitions)\n1 recipe is valid\n", run.Output);
    }

    [Fact]
    public void Every_error_in_every_file_is_printed_in_the_standard_form()
    {
        using var folder = new TempRecipes();
        var a = folder.Write("a.yaml", "product:\n  name: a\n  version: 1\n  colour: red\ncore:\n  sources: ../core\n");
        var b = folder.Write("b.yaml", "dirvers: []\n");

        var run = CliRun.Of("validate", a, b);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var lines = run.Error.TrimEnd('\n').Split('\n');
        Assert.Equal(
            [
                $"{TempRecipes.Display(a)}:4:3: error FS1005: unknown key 'colour' in 'product' (expected one of: name, version, epoch, banner)",
                $"{TempRecipes.Display(b)}:1:1: error FS1005: unknown key 'dirvers' (did you mean 'drivers'?)",
                "2 of 2 recipes have errors (2 in all)",
            ],
            lines);
    }

    [Fact]
    public void Missing_path_is_an_error()
    {
        var run = CliRun.Of("validate", "/nonexistent/x.yaml");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("error FS0003: /nonexistent/x.yaml does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_yaml_fails_fast_with_exit_2_and_no_stack_trace()
    {
        using var folder = new TempRecipes();
        var bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat(i == 1 ? "*a" : $"*a{i - 1}", 10))}]\n"));
        var files = new[]
        {
            folder.Write("bomb.yaml", bomb),
            folder.Write("deep.yaml", new string('[', 5000) + new string(']', 5000)),
            folder.Write("empty.yaml", string.Empty),
            folder.Write("syntax.yaml", "product: {name: x\n"),
        };

        var clock = Stopwatch.StartNew();
        var run = CliRun.Of(["validate", .. files]);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "hostile recipes were not stopped");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(5, run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1), line => Assert.Matches(@"^.+\.yaml:\d+:\d+: error FS\d{4}: ", line));
    }

    [Fact]
    public void Every_problem_of_recipes_that_take_what_others_built_is_printed_with_its_code()
    {
        using var folder = new TempRecipes();
        var payload = Path.Combine(folder.Recipes, "..", "payload");
        Directory.CreateDirectory(payload);
        File.WriteAllText(Path.Combine(payload, "notes.txt"), "notes\n");
        var notes = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("notes\n"u8));
        var other = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("other\n"u8));
        var values = folder.Write("values.yaml", "product:\n  name: a\n  version: 1\ncore:\n  sources: ../core\n  options: \"a\\tb\"\nboot:\n  ready: \"(\"\n");
        var keys = folder.Write("keys.yaml", """
            product:
              name: b
              version: 1
            core:
              sources: ../core
              prebuilt: ../payload/notes.txt
            files:
              - {name: k, version: 1, to: /k, from: ../payload/notes.txt}
              - {name: t, version: 1, to: /t, text: hi, purl: nonsense}
            """);
        var placed = folder.Write("placed.yaml", $$"""
            product:
              name: c
              version: 1
            core:
              prebuilt: ../payload/notes.txt
              sha256: {{notes}}
              loader: ../loader
            files:
              - {name: core, version: 1, to: /boot.cfg, text: hi}
              - {name: k, version: 1, to: /k, partition: altbootbank, from: ../payload/notes.txt, sha256: {{other}}}
            """);

        var run = CliRun.Of("validate", values, keys, placed);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var (v, k, p) = (TempRecipes.Display(values), TempRecipes.Display(keys), TempRecipes.Display(placed));
        Assert.Equal(
            [
                $"{k}:6:13: error FS1020: the core has both 'sources' and 'prebuilt'; give one",
                $"{k}:8:41: error FS1021: file 'k' is taken from a file and needs its 'sha256'",
                $"{k}:9:51: error FS1007: 'files[t].purl' is not a package URL: 'nonsense'; write pkg:TYPE/NAMESPACE/NAME@VERSION, such as pkg:deb/debian/busybox-static@1.35.0?arch=amd64",
                $"{p}:6:11: error FS3006: the core {TempRecipes.Display(Path.GetFullPath(Path.Combine(payload, "notes.txt")))} is not an x86-64 EFI application: the file is not a PE image: the file does not start with an MZ header",
                $"{p}:9:12: error FS1014: file 'core' has the name of the core; give the file a name of its own",
                $"{p}:9:34: error FS1022: file 'core' goes to bootbank:/boot.cfg, which boot.cfg already takes",
                $"{p}:10:46: error FS1022: file 'k' goes into partition 'altbootbank', whose contents are 'empty'; files go into the boot bank or the partition that holds the loader (contents 'bootbank' or 'core')",
                $"{p}:10:95: error FS3001: file 'k': {TempRecipes.Display(Path.GetFullPath(Path.Combine(payload, "notes.txt")))} has SHA-256 {notes}, but the recipe pins {other}",
                $"{v}:6:12: error FS1007: 'core.options' is not a command line the loader can pass: character 2 is U+0009; use printable ASCII on one line",
                $"{v}:8:10: error FS1007: 'boot.ready' is not a regular expression: '(': Invalid pattern '(' at offset 1. Not enough )'s.",
                "3 of 3 recipes have errors (10 in all)",
            ],
            run.Error.TrimEnd('\n').Split('\n'));
    }
}
