using Flashsmith.Disk;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Tests.Recipes;

public sealed class RecipeLoaderTests : IDisposable
{
    private readonly RecipeWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Minimal_recipe_gets_the_documented_defaults()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe);

        var recipe = workspace.Load("demo.yaml");

        Assert.Equal("demo", recipe.TargetName);
        Assert.Equal("demo 1.0.0", recipe.Product.Banner.Value);
        Assert.Equal(1767225600, recipe.Product.Epoch.Value);
        Assert.Equal(ByteSize.FromMiB(32), recipe.Layout.Flash.Value);
        Assert.Equal(PartitionTableKind.Gpt, recipe.Layout.Table.Value);
        Assert.Equal(ByteSize.FromKiB(64), recipe.Layout.Alignment.Value);
        Assert.Equal(["esp", "bootbank", "altbootbank", "unit"], recipe.Layout.Partitions.Select(p => p.Name.Value));
        Assert.Equal(KeySource.Development, recipe.Signing.Key.Value.Source);
        Assert.Equal(90, recipe.Budget.WarnPercent.Value);
        Assert.Equal("clang-uefi-x64", recipe.Core.Toolchain.Value);
        Assert.Equal("core.efi", recipe.Core.Output.Value);
        Assert.Empty(recipe.Drivers);
    }

    [Fact]
    public void Values_keep_their_file_line_and_column()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe);

        var recipe = workspace.Load("demo.yaml");

        Assert.Equal(3, recipe.Product.Version.Position.Line);
        Assert.Equal(12, recipe.Product.Version.Position.Column);
        Assert.EndsWith("demo.yaml", recipe.Product.Version.Position.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_near_a_known_one_suggests_it()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\ndirvers: []\n");

        Assert.Equal(["6:1: unknown key 'dirvers' (did you mean 'drivers'?)"], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Unknown_key_far_from_any_lists_the_keys()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nlayout:\n  colour: red\n");

        Assert.Equal(["7:3: unknown key 'colour' in 'layout' (expected one of: flash, table, alignment, partitions)"], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Wrong_kind_of_value_names_what_was_expected()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nlayout: [1, 2]\nsigning:\n  key: [a]\n");

        Assert.Equal(
            ["6:9: 'layout' must be a mapping, not a list", "8:8: 'signing.key' must be a single value, not a list"],
            workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Missing_required_keys_are_all_reported()
    {
        workspace.Write("demo.yaml", "product:\n  banner: hello\ndrivers:\n  - version: 1.0\n    sources: ../firmware/drivers/nic\n");

        Assert.Equal(
            [
                "1:1: missing required key 'core'",
                "2:3: missing required key 'product.name'",
                "2:3: missing required key 'product.version'",
                "4:5: missing required key 'drivers[1].name'",
            ],
            workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Duplicate_driver_and_partition_names_point_at_the_first()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + """

            drivers:
              - {name: nic, version: 1.0, sources: ../firmware/drivers/nic}
              - {name: nic, version: 1.1, sources: ../firmware/drivers/nic}
            layout:
              partitions:
                - {name: esp, size: 4MiB, contents: core}
                - {name: esp, size: 4MiB, contents: bootbank}
            """);

        var errors = workspace.Errors("demo.yaml");

        Assert.Equal(
            [
                $"8:12: duplicate driver name 'nic' (first at {Display("demo.yaml")}:7:12)",
                $"12:14: duplicate partition name 'esp' (first at {Display("demo.yaml")}:11:14)",
            ],
            errors);
    }

    [Theory]
    [InlineData("flash: 32 MiBs", "7:10: 'layout.flash' is not a size: '32 MiBs'; write a number with an optional unit (KiB, MiB, GiB, kB, MB, GB), such as 32MiB")]
    [InlineData("flash: -1", "7:10: 'layout.flash' is not a size: '-1'; write a number with an optional unit (KiB, MiB, GiB, kB, MB, GB), such as 32MiB")]
    [InlineData("table: gtp", "7:10: 'layout.table' must be one of gpt, mbr, not 'gtp' (did you mean 'gpt'?)")]
    public void Malformed_layout_values_are_reported(string line, string expected)
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nlayout:\n  " + line + "\n");

        Assert.Equal([expected], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Malformed_version_is_reported()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe.Replace("1.0.0", "1..2", StringComparison.Ordinal));

        Assert.Equal(["3:12: 'product.version' is not a version: '1..2'; write up to four numbers separated by dots, such as 1.2.3, with an optional suffix such as -rc1"], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Path_escaping_the_project_folder_is_refused()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe.Replace("../firmware/core", "../../../../etc", StringComparison.Ordinal));

        Assert.Equal([$"5:12: 'core.sources' names '../../../../etc', which leads outside the project folder {Rel(workspace.Root)}"], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Symbolic_link_leading_outside_the_project_folder_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("flashsmith-outside-");
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(workspace.Root, "firmware", "escape"), outside.FullName);
            workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe.Replace("../firmware/core", "../firmware/escape", StringComparison.Ordinal));

            Assert.Equal([$"5:12: 'core.sources' names '../firmware/escape', a symbolic link to '{outside.FullName}', outside the project folder {Rel(workspace.Root)}"], workspace.Errors("demo.yaml"));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_files_and_wrong_kinds_of_path_are_reported()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe.Replace("../firmware/core", "../firmware/kernel", StringComparison.Ordinal) + """

            drivers:
              - {name: raid, version: 1.0, prebuilt: ../depot, sha256: 0000000000000000000000000000000000000000000000000000000000000000}
            """);

        Assert.Equal(
            [
                $"5:12: 'core.sources' names '../firmware/kernel', which does not exist ({Rel(Path.Combine(workspace.Root, "firmware", "kernel"))})",
                "7:42: 'drivers[raid].prebuilt' names '../depot', which is a folder, not a file",
            ],
            workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Driver_needs_exactly_one_of_sources_and_prebuilt()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + """

            drivers:
              - {name: none, version: 1.0}
              - {name: both, version: 1.0, sources: ../firmware/drivers/nic, prebuilt: ../depot/raid.efi, sha256: 0000000000000000000000000000000000000000000000000000000000000000}
              - {name: unhashed, version: 1.0, prebuilt: ../depot/raid.efi}
            """);

        Assert.Equal(
            [
                "7:5: driver 'none' needs 'sources' (a folder of C sources) or 'prebuilt' (a module file with its 'sha256')",
                "8:5: driver 'both' has both 'sources' and 'prebuilt'; give one",
                "9:5: driver 'unhashed' is prebuilt and needs the module's 'sha256'",
            ],
            workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Driver_below_the_minimum_acceptance_level_is_refused()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + """

            min_acceptance: partner
            drivers:
              - {name: nic, version: 1.0, acceptance: community, sources: ../firmware/drivers/nic}
            """);

        Assert.Equal([$"8:43: driver 'nic' is 'community', below the target's minimum acceptance level 'partner' (set at {Display("demo.yaml")}:6:17)"], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Budget_names_must_exist()
    {
        workspace.Write("demo.yaml", RecipeWorkspace.MinimalRecipe + "\nbudget:\n  partitions:\n    bootbnak: 1MiB\n");

        Assert.Equal(["8:15: 'budget.partitions' names partition 'bootbnak', which the recipe does not have (did you mean 'bootbank'?)"], workspace.Errors("demo.yaml"));
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        workspace.Write("demo.yaml", "product:\n  name: Demo\n  version: x\n  epoch: yesterday\ncore:\n  sources: ../firmware/core\nlayout:\n  flash: big\n");

        Assert.Equal(4, workspace.Errors("demo.yaml").Count);
    }

    private string Display(string recipe) => ProjectFolder.Display(Path.Combine(workspace.Root, "recipes", recipe));

    private static string Rel(string path) => ProjectFolder.Display(path);
}
