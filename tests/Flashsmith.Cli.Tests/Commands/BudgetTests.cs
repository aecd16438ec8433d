using System.Text.Json;
using Flashsmith.Disk;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class BudgetTests(FirmwareProject project) : IClassFixture<FirmwareProject>
{
    [Theory]
    [InlineData("budget")]
    [InlineData("build")]
    public void Verb_over_every_target_of_a_recipes_folder_without_targets_is_bad_input(string verb)
    {
        using var folder = new TestSupport.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "recipes", "oem"));

        var run = CliRun.Of(verb, "--recipes", Path.Combine(folder.Path, "recipes"), "--out", Path.Combine(folder.Path, "images"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no targets under", run.Error);
        Assert.Contains("--target NAME", run.Error);
    }

    [Fact]
    public void Under_every_limit_is_ok()
    {
        project.Target("under", "budget:\n  image: 2MiB\n  partitions: {bootbank: 1MiB}\n  groups: {base: 512KiB}\n  components: {core: 256KiB}\n");

        var run = project.Build("--target", "under");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var budget = Budget("under");
        Assert.Equal("ok", budget.GetProperty("verdict").GetString());
        Assert.All(budget.GetProperty("lines").EnumerateArray(), l => Assert.Equal("ok", l.GetProperty("verdict").GetString()));
    }

    [Fact]
    public void Near_a_limit_is_a_warning_and_still_builds()
    {
        project.Target("near", "budget:\n  warn: 50%\n  groups: {base: 20KiB}\n");

        var run = project.Build("--target", "near");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var used = Used(Budget("near"), "group", "base");
        var percent = (used * 100.0 / (20 * 1024)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"warning: group 'base' uses {new ByteSize(used)}, {percent}% of its 20 KiB limit", run.Output, StringComparison.Ordinal);
        Assert.Equal("warning", Budget("near").GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("image", "image: 64KiB", 64, "demo-1.0.0-over-image.img")]
    [InlineData("partition", "partitions: {bootbank: 8KiB}", 8, "bootbank")]
    [InlineData("group", "groups: {base: 4KiB}", 4, "base")]
    [InlineData("component", "components: {e1000: 1KiB}", 1, "e1000")]
    public void Over_a_limit_fails_with_exit_3_naming_the_offender_and_the_bytes_over(string kind, string limit, int limitKiB, string offender)
    {
        // The same target with no limit, built elsewhere, measures what the limited one holds.
        project.Target($"over-{kind}", string.Empty);
        var reference = CliRun.Of("build", "--target", $"over-{kind}", "--recipes", project.Temp.File("recipes"), "--out", project.Temp.File("reference"), "--cache", project.Cache);
        Assert.True(reference.ExitCode == ExitCodes.Success, reference.Error);
        var used = Used(JsonDocument.Parse(File.ReadAllText(project.Temp.File($"reference/over-{kind}/budget.json"))).RootElement, kind, offender);
        project.Target($"over-{kind}", $"budget:\n  {limit}\n");

        var run = project.Build("--target", $"over-{kind}");

        Assert.Equal(ExitCodes.BudgetExceeded, run.ExitCode);
        Assert.Equal($"error FS8001: over-{kind}: {kind} '{offender}' uses {new ByteSize(used)}, {new ByteSize(used - (limitKiB * 1024L))} over its {limitKiB} KiB limit\n", run.Error);
        Assert.False(Directory.Exists(project.Temp.File($"images/over-{kind}")));
    }

    [Fact]
    public void Partition_that_cannot_hold_its_files_is_a_budget_failure_with_the_numbers()
    {
        project.Target("tiny", """
            layout:
              partitions:
                - {name: esp, type: efi-system, size: 24KiB, contents: core}
                - {name: bootbank, size: 4MiB, contents: bootbank}
            """);

        var run = project.Build("--target", "tiny");

        Assert.Equal(ExitCodes.BudgetExceeded, run.ExitCode);
        Assert.Matches(@"^error FS8001: tiny: partition 'esp': '/EFI/BOOT/BOOTX64\.EFI' needs \d+ (KiB \(\d+ bytes\)|bytes) but only \d+ bytes are free\n$", run.Error);
    }

    [Fact]
    public void All_targets_build_and_one_failure_does_not_stop_the_others()
    {
        foreach (var other in Directory.EnumerateFiles(project.Temp.File("recipes/oem")))
        {
            File.Delete(other);
        }

        project.Target("good", string.Empty);
        project.Target("bad", "budget:\n  components: {core: 1KiB}\n");

        var run = project.Build("--all");

        Assert.Equal(ExitCodes.BudgetExceeded, run.ExitCode);
        Assert.True(File.Exists(project.Temp.File("images/good/demo-1.0.0-good.img")));
        Assert.False(Directory.Exists(project.Temp.File("images/bad")));
        Assert.Matches(@"│ bad\s+│.*│ over\s+│", run.Output);
        Assert.Matches(@"│ good\s+│.*│ ok\s+│", run.Output);
        var markdown = File.ReadAllText(project.Temp.File("images/budget.md"));
        Assert.Contains("| bad | **over** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| good | ok |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Guests_count_towards_the_guests_group_and_fail_its_limit()
    {
        const string Guest = "guests:\n  - {name: hello, version: 1.0.0, sources: ../../src/firmware/guests/hello}\n";
        project.Target("guests", Guest + "budget:\n  groups: {guests: 16KiB}\n");
        project.Target("guests-over", Guest + "budget:\n  groups: {guests: 1KiB}\n");

        var run = project.Build("--target", "guests");
        var over = project.Build("--target", "guests-over");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var manifest = JsonDocument.Parse(File.ReadAllText(project.Temp.File("images/guests/manifest.json")));
        var size = manifest.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "hello").GetProperty("sizeBytes").GetInt64();
        var budget = Budget("guests");
        var line = budget.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "group" && l.GetProperty("name").GetString() == "guests");
        Assert.Equal(size, line.GetProperty("usedBytes").GetInt64());
        Assert.Equal(16384, line.GetProperty("limitBytes").GetInt64());
        Assert.Equal(size, budget.GetProperty("partitions").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "bootbank").GetProperty("groups").GetProperty("guests").GetInt64());
        Assert.Equal(ExitCodes.BudgetExceeded, over.ExitCode);
        Assert.Matches(@"^error FS8001: guests-over: group 'guests' uses \d+ (KiB \(\d+ bytes\)|bytes), \d+ (KiB \(\d+ bytes\)|bytes) over its 1 KiB limit\n$", over.Error);
    }
    private static long Used(JsonElement budget, string kind, string name) =>
        budget.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == kind && l.GetProperty("name").GetString() == name).GetProperty("usedBytes").GetInt64();

    private JsonElement Budget(string target) =>
        JsonDocument.Parse(File.ReadAllText(project.Temp.File($"images/{target}/budget.json"))).RootElement;

    [Fact]
    public void Growth_against_a_baseline_fails_when_a_component_grows_more_than_the_recipe_allows()
    {
        project.Target("grow", "budget:\n  growth: 10%\n");
        Assert.Equal(ExitCodes.Success, project.Build("--target", "grow").ExitCode);
        var baseline = project.Temp.File("baseline-budget.json");
        File.Copy(project.Temp.File("images/grow/budget.json"), baseline, overwrite: true);
        var unchanged = Budget("--against", baseline);
        var source = project.Temp.File("src/firmware/drivers/e1000/e1000.c");
        var original = File.ReadAllText(source);
        try
        {
            File.WriteAllText(source, original.Replace(
                "static void describe(",
                "const unsigned char tv_padding[20000] = {1};\n\nstatic void describe(",
                StringComparison.Ordinal).Replace(
                "    tv_pci_enable(pci);",
                "    tv_pci_enable(pci);\n    if (tv_padding[19999] == 0x42) {\n        tv_append(detail, size, \" padded\");\n    }",
                StringComparison.Ordinal));
            Assert.Equal(ExitCodes.Success, project.Build("--target", "grow").ExitCode);

            var grown = Budget("--against", baseline);
            var byFolder = Budget("--against", project.Temp.File("images"));

            Assert.Equal(ExitCodes.Success, unchanged.ExitCode);
            Assert.Equal(ExitCodes.BudgetExceeded, grown.ExitCode);
            var before = Used(JsonDocument.Parse(File.ReadAllText(baseline)).RootElement, "component", "e1000");
            var after = Used(Budget("grow"), "component", "e1000");
            var percent = ((after - before) * 100.0 / before).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"error FS8002: grow: component 'e1000' grew by {new ByteSize(after - before)} ({percent}%), more than the 10% the recipe allows\n", grown.Error, StringComparison.Ordinal);
            Assert.Contains("error FS8002: grow: group 'base' grew by", grown.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("'ahci'", grown.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, byFolder.ExitCode);
        }
        finally
        {
            File.WriteAllText(source, original);
        }
    }

    [Fact]
    public void Build_and_budget_report_as_json()
    {
        project.Target("json", "budget:\n  partitions: {bootbank: 1MiB}\n");

        var build = project.Build("--target", "json", "--json");
        var budget = CliRun.Of("budget", "--target", "json", "--recipes", project.Temp.File("recipes"), "--out", project.Temp.File("images"), "--json");

        Assert.Equal(ExitCodes.Success, build.ExitCode);
        using var built = JsonDocument.Parse(build.Output);
        var target = built.RootElement.GetProperty("targets")[0];
        Assert.Equal("json", target.GetProperty("target").GetString());
        Assert.Equal("ok", target.GetProperty("budget").GetString());
        Assert.Matches("^[0-9a-f]{64}$", target.GetProperty("sha256").GetString());
        using var report = JsonDocument.Parse(budget.Output);
        Assert.Equal(File.ReadAllText(project.Temp.File("images/json/budget.json")).Trim(), JsonSerializer.Serialize(report.RootElement[0], new JsonSerializerOptions { WriteIndented = true }).Trim().Replace("\r", string.Empty, StringComparison.Ordinal), ignoreWhiteSpaceDifferences: true);
    }

    private CliRun Budget(params string[] extra) =>
        CliRun.Of(["budget", "--target", "grow", "--recipes", project.Temp.File("recipes"), "--out", project.Temp.File("images"), .. extra]);
}
