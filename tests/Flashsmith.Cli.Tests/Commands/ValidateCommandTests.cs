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
}
