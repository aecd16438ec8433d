using System.Text.Json;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class PlanCommandTests
{
    [Fact]
    public void Plan_of_the_sample_target_shows_components_partitions_budget_and_key()
    {
        var run = CliRun.Of("plan", "--target", "dell-poweredge-r710", "--recipes", CliRun.Recipes);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        foreach (var text in new[] { "dell-poweredge-r710", "Thinvisor for Dell PowerEdge R710", "e1000", "bootbank", "0x410000 (4259840)", "development key", "Budget (warn at 85%)" })
        {
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Plan_as_json_has_offsets_and_sizes_in_bytes()
    {
        var run = CliRun.Of("plan", "--target", "dell-poweredge-r710", "--recipes", CliRun.Recipes, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("dell-poweredge-r710", root.GetProperty("target").GetString());
        Assert.Equal("thinvisor-1.0.0-dell-poweredge-r710.img", root.GetProperty("image").GetString());
        var partitions = root.GetProperty("layout").GetProperty("partitions");
        Assert.Equal(4, partitions.GetArrayLength());
        Assert.Equal(65536, partitions[0].GetProperty("offsetBytes").GetInt64());
        Assert.Equal("c12a7328-f81f-11d2-ba4b-00a0c93ec93b", partitions[0].GetProperty("typeGuid").GetString());
        Assert.Equal("loader", root.GetProperty("components")[0].GetProperty("name").GetString());
        Assert.Equal("core", root.GetProperty("components")[1].GetProperty("name").GetString());
        Assert.Equal(3145728, root.GetProperty("budget").GetProperty("partitions").GetProperty("bootbank").GetInt64());
        Assert.Equal("development", root.GetProperty("signing").GetProperty("key").GetString());
    }

    [Fact]
    public void Source_date_epoch_shows_in_the_plan()
    {
        var run = CliRun.With(name => name == "SOURCE_DATE_EPOCH" ? "1700000000" : null, "plan", "-t", "dell-poweredge-r710", "--recipes", CliRun.Recipes, "--json");

        using var json = JsonDocument.Parse(run.Output);
        var epoch = json.RootElement.GetProperty("epoch");
        Assert.Equal(1700000000, epoch.GetProperty("seconds").GetInt64());
        Assert.Equal("2023-11-14T22:13:20Z", epoch.GetProperty("utc").GetString());
        Assert.Equal("SOURCE_DATE_EPOCH", epoch.GetProperty("source").GetString());
    }

    [Fact]
    public void Unknown_target_lists_the_targets()
    {
        var run = CliRun.Of("plan", "--target", "nope", "--recipes", CliRun.Recipes);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Matches("^error FS0006: no target 'nope' under .*recipes/oem; the targets are: .*dell-poweredge-r710", run.Error);
    }

    [Fact]
    public void Plan_needs_a_target_or_a_recipe()
    {
        var run = CliRun.Of("plan", "--recipes", CliRun.Recipes);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0001: give either --target NAME or a RECIPE file\n", run.Error);
    }

    [Fact]
    public void Plan_of_a_recipe_file_works_without_target()
    {
        var run = CliRun.Of("plan", Path.Combine(CliRun.Recipes, "thinvisor.yaml"), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("thinvisor", json.RootElement.GetProperty("target").GetString());
    }

    [Fact]
    public void Missing_recipes_folder_is_bad_input()
    {
        var run = CliRun.Of("plan", "--target", "x", "--recipes", "/nonexistent/recipes");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0006: no recipes folder at /nonexistent/recipes; run from a project folder (flashsmith init makes one), or pass --project DIR or --recipes DIR\n", run.Error);
    }

    [Fact]
    public void Plan_shows_files_that_are_written_or_packed_and_where_they_go()
    {
        using var folder = new TempRecipes();
        Directory.CreateDirectory(Path.Combine(folder.Recipes, "..", "rootfs", "etc"));
        var recipe = folder.Write("files.yaml", """
            product:
              name: demo
              version: 1.0.0
            core:
              sources: ../core
            files:
              - {name: cfg, version: 1, to: /x.cfg, partition: esp, text: hi}
              - {name: rd, version: 1, to: /rd.gz, initramfs: ../rootfs}
            """);

        var run = CliRun.Of("plan", recipe);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Equal(string.Empty, run.Error);
        foreach (var text in new[] { "(text in the recipe)", "(initramfs)", "esp:/x.cfg", "bootbank:/rd.gz" })
        {
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
        }
    }
}
