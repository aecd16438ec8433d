using Flashsmith.Disk;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Tests.Planning;

public sealed class LayoutPlannerTests : IDisposable
{
    private readonly RecipeWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Default_layout_matches_the_design()
    {
        var plan = Plan(string.Empty);

        Assert.Equal(
            [
                "1 esp 0x10000 4194304 efi-system fat16 ESP core",
                "2 bootbank 0x410000 12582912 basic-data fat16 BOOTBANK bootbank",
                "3 altbootbank 0x1010000 12582912 basic-data fat16 ALTBOOTBANK empty",
                "4 unit 0x1c10000 4063232 basic-data fat UNIT unit",
            ],
            plan.Layout.Partitions.Select(p => $"{p.Index} {p.Name} 0x{p.Offset.Bytes:x} {p.Size.Bytes} {p.Type.Name} {p.FileSystem.ToString().ToLowerInvariant()} {p.Label} {p.Contents.ToString().ToLowerInvariant()}"));
        Assert.True(plan.Layout.Partitions[^1].End <= new ByteSize(32 * ByteSize.MiB - 33 * 512));
    }

    [Fact]
    public void Partition_past_the_end_of_the_flash_gives_hex_and_decimal()
    {
        var errors = Errors("""
            layout:
              partitions:
                - {name: esp, size: 4MiB, contents: core}
                - {name: bootbank, size: 29MiB, contents: bootbank}
            """);

        Assert.Equal(["9:30: partition 'bootbank' ends at 0x2110000 (34668544), past the end of the 32 MiB flash"], errors);
    }

    [Fact]
    public void Partition_over_the_backup_gpt_is_refused()
    {
        var errors = Errors("""
            layout:
              alignment: 512
              partitions:
                - {name: esp, size: 4MiB, contents: core}
                - {name: bootbank, size: 29342208, contents: bootbank}
            """);

        Assert.Equal(["10:30: partition 'bootbank' ends at 0x1fffe00 (33553920), past the last usable byte; the backup GPT starts at 0x1ffbe00 (33537536)"], errors);
    }

    [Fact]
    public void Overlapping_partitions_are_refused()
    {
        var errors = Errors("""
            layout:
              partitions:
                - {name: esp, size: 4MiB, contents: core}
                - {name: bootbank, offset: 2MiB, size: 4MiB, contents: bootbank}
            """);

        Assert.Equal(["9:32: partition 'bootbank' starts at 0x200000 (2097152), inside partition 'esp' which ends at 0x410000 (4259840)"], errors);
    }

    [Fact]
    public void Misaligned_offset_and_offset_inside_the_table_are_refused()
    {
        var errors = Errors("""
            layout:
              partitions:
                - {name: esp, offset: 4096, size: 4MiB, contents: core}
                - {name: bootbank, offset: 0x, size: 4MiB, contents: bootbank}
            """.Replace("0x,", "5000000,", StringComparison.Ordinal));

        Assert.Equal(
            [
                "8:27: partition 'esp' starts at 0x1000 (4096), inside the partition table (the first usable byte is 0x4400 (17408))",
                "8:27: partition 'esp' starts at 0x1000 (4096), not a multiple of the 64 KiB alignment",
                "9:32: partition 'bootbank' starts at 0x4c4b40 (5000000), not a multiple of the 64 KiB alignment",
            ],
            errors);
    }

    [Fact]
    public void Rest_is_only_for_the_last_partition_and_needs_room()
    {
        var errors = Errors("""
            layout:
              partitions:
                - {name: esp, size: rest, contents: core}
                - {name: bootbank, size: 32MiB, contents: bootbank}
            """);

        Assert.Equal(["8:25: partition 'esp' has size 'rest', but only the last partition may", "9:30: partition 'bootbank' ends at 0x3ff0000 (67043328), past the end of the 32 MiB flash"], errors);
    }

    [Fact]
    public void Layout_needs_one_core_and_one_bootbank_partition()
    {
        var errors = Errors("""
            layout:
              partitions:
                - {name: a, size: 4MiB, contents: core}
                - {name: b, size: 4MiB, contents: core}
            """);

        Assert.Equal(
            [
                "8:7: the layout needs a partition with 'contents: bootbank'",
                "9:39: partition 'b' has 'contents: core', but 'a' already has; only one may",
            ],
            errors);
    }

    [Fact]
    public void Mbr_holds_four_partitions_and_uses_the_whole_flash()
    {
        var plan = Plan("layout:\n  table: mbr\n  alignment: 1MiB\n  partitions:\n    - {name: esp, size: 4MiB, type: efi-system, contents: core}\n    - {name: bank, size: rest, contents: bootbank}\n");

        Assert.Equal(ByteSize.FromMiB(1), plan.Layout.Partitions[0].Offset);
        Assert.Equal(ByteSize.FromMiB(32), plan.Layout.Partitions[1].End);
        Assert.Equal(0xEF, plan.Layout.Partitions[0].Type.MbrType);
    }

    [Fact]
    public void Source_date_epoch_overrides_the_recipe()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe);

        var plan = BuildPlanner.Plan(workspace.Load("demo.yaml"), new BuildSettings(1700000000));

        Assert.Equal(new BuildEpoch(1700000000, "SOURCE_DATE_EPOCH"), plan.Epoch);
    }

    private BuildPlan Plan(string extra)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\n" + extra);
        return BuildPlanner.Plan(workspace.Load("demo.yaml"), BuildSettings.None);
    }

    private IReadOnlyList<string> Errors(string extra)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\n" + extra);
        var recipe = workspace.Load("demo.yaml");
        var ex = Assert.Throws<Flashsmith.Diagnostics.BadInputException>(() => BuildPlanner.Plan(recipe, BuildSettings.None));
        return ex.Problems.Select(d => $"{d.Position!.Value.Line}:{d.Position!.Value.Column}: {d.Message}").ToList();
    }
}
