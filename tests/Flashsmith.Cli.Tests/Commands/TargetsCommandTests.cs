using System.Text.Json;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class TargetsCommandTests
{
    [Fact]
    public void Targets_table_lists_each_target_with_its_essentials()
    {
        var run = CliRun.Of("targets", "--recipes", CliRun.Recipes);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var row = run.Output.Split('\n').Single(l => l.Contains("dell-poweredge-r710", StringComparison.Ordinal));
        Assert.Contains("thinvisor", row, StringComparison.Ordinal);
        Assert.Contains("1.0.0", row, StringComparison.Ordinal);
        Assert.Contains("32 MiB (33554432 bytes)", row, StringComparison.Ordinal);
        Assert.Contains(" 5 ", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_as_json()
    {
        var run = CliRun.Of("targets", "--recipes", CliRun.Recipes, "--json");

        using var json = JsonDocument.Parse(run.Output);
        var dell = json.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "dell-poweredge-r710");
        Assert.Equal(33554432, dell.GetProperty("flashBytes").GetInt64());
        Assert.Equal(5, dell.GetProperty("drivers").GetInt32());
    }

    [Fact]
    public void Broken_target_is_reported_and_exits_2()
    {
        using var folder = new TempRecipes();
        folder.Write("oem/broken.yaml", "extends: ../missing.yaml\n");

        var run = CliRun.Of("targets", "--recipes", folder.Recipes);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("broken.yaml:1:10: error FS1011: 'extends' names '../missing.yaml', which does not exist", run.Error, StringComparison.Ordinal);
    }
}
