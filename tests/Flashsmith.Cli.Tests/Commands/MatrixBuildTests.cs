using System.Text.Json;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>One CI job per target: targets --json feeds the matrix, each job builds one target apart, budget --merge gathers them.</summary>
public sealed class MatrixBuildTests(AllTargetsBuild all) : IClassFixture<AllTargetsBuild>
{
    [Fact]
    public void Per_target_builds_merged_equal_one_build_of_all_targets_byte_for_byte()
    {
        Assert.True(all.Run.ExitCode == ExitCodes.Success, all.Run.Error);
        var targets = MatrixTargets();
        Assert.Equal(5, targets.Count);

        var folders = new List<string>();
        foreach (var target in targets)
        {
            // Each job is a runner of its own: its own output folder and its own cache, restored warm as a CI cache is
            // (a cold cache gives the same bytes: BuildCommandTests shows it).
            var folder = all.Temp.File($"job-{target}");
            var job = CliRun.Of("build", "--target", target, "--recipes", CliRun.Recipes, "--out", folder, "--cache", all.CopyCache($"job-cache-{target}"));
            Assert.True(job.ExitCode == ExitCodes.Success, job.Error);
            folders.Add(folder);
        }

        var merge = CliRun.Of(["budget", "--merge", .. folders, "--out", all.Temp.File("merged")]);

        Assert.True(merge.ExitCode == ExitCodes.Success, merge.Error);
        Assert.Contains("merged 5 targets into", merge.Output, StringComparison.Ordinal);
        foreach (var target in targets)
        {
            var expected = Directory.EnumerateFiles(Path.Combine(all.Images, target)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var actual = Directory.EnumerateFiles(all.Temp.File($"job-{target}/{target}")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
            Assert.Contains("manifest.json", actual);
            Assert.Contains("budget.json", actual);
            Assert.Contains(actual, f => f!.EndsWith(".img.p7s", StringComparison.Ordinal));
            Assert.Contains(actual, f => f!.EndsWith(".img.bmap", StringComparison.Ordinal));
            foreach (var name in expected)
            {
                AssertSameBytes($"{all.Images}/{target}/{name}", all.Temp.File($"job-{target}/{target}/{name}"));
            }
        }

        AssertSameBytes(Path.Combine(all.Images, "budget.md"), all.Temp.File("merged/budget.md"));
        AssertSameBytes(Path.Combine(all.Images, "budget.html"), all.Temp.File("merged/budget.html"));
    }

    [Fact]
    public void Merge_takes_target_folders_and_refuses_a_target_twice()
    {
        Assert.True(all.Run.ExitCode == ExitCodes.Success, all.Run.Error);
        var dell = Path.Combine(all.Images, "dell-poweredge-r710");
        var hp = Path.Combine(all.Images, "hp-proliant-dl380-g5");

        var two = CliRun.Of("budget", "--merge", dell, hp, "--out", all.Temp.File("merged-two"), "--json");
        var twice = CliRun.Of("budget", "--merge", all.Images, dell, "--out", all.Temp.File("merged-twice"));
        var empty = CliRun.Of("budget", "--merge", all.Temp.File("nothing-here"), "--out", all.Temp.File("merged-none"));

        Assert.True(two.ExitCode == ExitCodes.Success, two.Error);
        using var json = JsonDocument.Parse(two.Output);
        Assert.Equal(["dell-poweredge-r710", "hp-proliant-dl380-g5"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("target").GetString()));
        Assert.Contains("| hp-proliant-dl380-g5 | ok |", File.ReadAllText(all.Temp.File("merged-two/budget.md")), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, twice.ExitCode);
        Assert.Equal($"error FS8003: the budget of 'dell-poweredge-r710' is in both {all.Images}/dell-poweredge-r710/budget.json and {dell}/budget.json\n", twice.Error);
        Assert.False(File.Exists(all.Temp.File("merged-twice/budget.md")));
        Assert.Equal(ExitCodes.BadInput, empty.ExitCode);
        Assert.Equal($"error FS8003: {all.Temp.File("nothing-here")} is not a folder\n", empty.Error);
    }

    [Fact]
    public void Targets_json_gives_each_job_its_target_recipe_and_image()
    {
        var run = CliRun.Of("targets", "--recipes", CliRun.Recipes, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var dell = json.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "dell-poweredge-r710");
        Assert.Equal("recipes/oem/dell-poweredge-r710.yaml", dell.GetProperty("recipe").GetString());
        Assert.Equal("thinvisor-1.0.0-dell-poweredge-r710.img", dell.GetProperty("image").GetString());
    }

    private static List<string> MatrixTargets()
    {
        var run = CliRun.Of("targets", "--recipes", CliRun.Recipes, "--json");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
    }

    private static void AssertSameBytes(string expected, string actual) =>
        Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)), $"{actual} differs from {expected}");
}
