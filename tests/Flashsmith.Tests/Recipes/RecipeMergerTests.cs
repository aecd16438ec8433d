using Flashsmith.Disk;
using Flashsmith.Recipes;

namespace Flashsmith.Tests.Recipes;

public sealed class RecipeMergerTests : IDisposable
{
    private const string Base = """
        product:
          name: demo
          version: 1.0.0
          banner: Demo
        core:
          sources: ../firmware/core
          flags: [-O2, -g]
        drivers:
          - {name: nic, version: 1.0, sources: ../firmware/drivers/nic}
          - {name: disk, version: 2.0, sources: ../firmware/drivers/nic}
        layout:
          partitions:
            - {name: esp, type: efi-system, size: 4MiB, contents: core}
            - {name: bank, size: 8MiB, contents: bootbank}
            - {name: unit, size: rest}
        budget:
          partitions: {esp: 1MiB, bank: 2MiB}
        """;

    private readonly RecipeWorkspace workspace = new();

    public RecipeMergerTests() => workspace.Write("demo.yaml", Base);

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Target_scalars_win_and_the_rest_is_inherited()
    {
        workspace.Write("oem/acme.yaml", "extends: ../demo.yaml\nproduct:\n  banner: Acme\n");

        var recipe = workspace.Load("oem/acme.yaml");

        Assert.Equal("acme", recipe.TargetName);
        Assert.Equal("Acme", recipe.Product.Banner.Value);
        Assert.Equal("demo", recipe.Product.Name.Value);
        Assert.EndsWith("acme.yaml", recipe.Product.Banner.Position.File, StringComparison.Ordinal);
        Assert.EndsWith("demo.yaml", recipe.Product.Name.Position.File, StringComparison.Ordinal);
        Assert.Equal(["nic", "disk"], recipe.Drivers.Select(d => d.Name.Value));
    }

    [Fact]
    public void Lists_of_values_are_replaced_not_appended()
    {
        workspace.Write("oem/acme.yaml", "extends: ../demo.yaml\ncore:\n  flags: [-Os]\n");

        Assert.Equal(["-Os"], workspace.Load("oem/acme.yaml").Core.Flags.Select(f => f.Value));
    }

    [Fact]
    public void Driver_list_in_a_target_replaces_the_base_list()
    {
        workspace.Write("oem/acme.yaml", "extends: ../demo.yaml\ndrivers:\n  - {name: only, version: 3.0, sources: ../../firmware/drivers/nic}\n");

        Assert.Equal(["only"], workspace.Load("oem/acme.yaml").Drivers.Select(d => d.Name.Value));
    }

    [Fact]
    public void Driver_edits_remove_then_replace_then_add()
    {
        workspace.Write("oem/acme.yaml", """
            extends: ../demo.yaml
            drivers:
              add:
                - {name: bmc, version: 1.0, sources: ../../firmware/drivers/nic}
              remove: [disk]
              replace:
                - {name: nic, version: 1.5, sources: ../../firmware/drivers/nic}
            """);

        var drivers = workspace.Load("oem/acme.yaml").Drivers;

        Assert.Equal(["nic 1.5", "bmc 1.0"], drivers.Select(d => $"{d.Name.Value} {d.Version.Value}"));
    }

    [Fact]
    public void Paths_resolve_against_the_file_that_wrote_them()
    {
        workspace.Write("oem/acme.yaml", "extends: ../demo.yaml\ndrivers:\n  add:\n    - {name: bmc, version: 1.0, sources: ../../firmware/drivers/nic}\n");

        var drivers = workspace.Load("oem/acme.yaml").Drivers;

        Assert.All(drivers, d => Assert.Equal(Path.Combine(workspace.Root, "firmware", "drivers", "nic"), d.Sources!.Value.Value));
    }

    [Fact]
    public void Bad_driver_edits_name_the_base()
    {
        workspace.Write("oem/acme.yaml", """
            extends: ../demo.yaml
            drivers:
              add:
                - {name: nic, version: 1.0, sources: ../../firmware/drivers/nic}
              remove: [ghost]
              replace:
                - {name: phantom, version: 1.5, sources: ../../firmware/drivers/nic}
            """);

        var demo = ProjectFolder.Display(Path.Combine(workspace.Root, "recipes", "demo.yaml"));
        Assert.Equal(
            [
                $"4:7: cannot add driver 'nic': it is already in {demo}; list it under 'replace' to change it",
                $"5:12: cannot remove driver 'ghost': {demo} has no driver of that name",
                $"7:7: cannot replace driver 'phantom': {demo} has no driver of that name; list it under 'add'",
            ],
            workspace.Errors("oem/acme.yaml"));
    }

    [Fact]
    public void Partitions_merge_by_name_and_new_ones_are_appended()
    {
        workspace.Write("oem/acme.yaml", """
            extends: ../demo.yaml
            layout:
              flash: 64MiB
              partitions:
                - {name: bank, size: 16MiB}
            """);

        var layout = workspace.Load("oem/acme.yaml").Layout;

        Assert.Equal(ByteSize.FromMiB(64), layout.Flash.Value);
        Assert.Equal(["esp 4 MiB", "bank 16 MiB", "unit rest"], layout.Partitions.Select(p => $"{p.Name.Value} {p.Size.Value?.ToIecString() ?? "rest"}"));
        Assert.Equal(PartitionContents.Bootbank, layout.Partitions[1].Contents.Value);
    }

    [Fact]
    public void Budget_maps_merge_key_by_key()
    {
        workspace.Write("oem/acme.yaml", "extends: ../demo.yaml\nbudget:\n  partitions: {bank: 3MiB}\n");

        var budget = workspace.Load("oem/acme.yaml").Budget;

        Assert.Equal(ByteSize.FromMiB(1), budget.Partitions["esp"].Value);
        Assert.Equal(ByteSize.FromMiB(3), budget.Partitions["bank"].Value);
    }

    [Fact]
    public void Extends_chains_merge_in_order()
    {
        workspace.Write("oem/family.yaml", "extends: ../demo.yaml\nproduct:\n  banner: Family\n  version: 2.0\n");
        workspace.Write("oem/model.yaml", "extends: family.yaml\nproduct:\n  banner: Model\n");

        var recipe = workspace.Load("oem/model.yaml");

        Assert.Equal("Model", recipe.Product.Banner.Value);
        Assert.Equal("2.0", recipe.Product.Version.Value.ToString());
        Assert.Equal(3, recipe.Chain.Count);
    }

    [Fact]
    public void Cyclic_extends_is_reported_with_the_cycle()
    {
        workspace.Write("oem/a.yaml", "extends: b.yaml\n");
        workspace.Write("oem/b.yaml", "extends: a.yaml\n");
        string D(string name) => ProjectFolder.Display(Path.Combine(workspace.Root, "recipes", "oem", name));

        Assert.Equal([$"1:10: 'extends' forms a cycle: {D("a.yaml")} -> {D("b.yaml")} -> {D("a.yaml")}"], workspace.Errors("oem/a.yaml"));
    }

    [Fact]
    public void Errors_in_the_base_are_reported_in_the_base()
    {
        workspace.Write("broken.yaml", "product:\n  nmae: x\n");
        workspace.Write("oem/acme.yaml", "extends: ../broken.yaml\n");

        var ex = Assert.Throws<Flashsmith.Diagnostics.BadInputException>(() => workspace.Load("oem/acme.yaml"));

        var error = Assert.Single(ex.Problems);
        Assert.EndsWith("broken.yaml", error.Position!.Value.File, StringComparison.Ordinal);
        Assert.Equal("unknown key 'nmae' in 'product' (did you mean 'name'?)", error.Message);
    }

    [Fact]
    public void Missing_base_is_reported_at_extends()
    {
        workspace.Write("oem/acme.yaml", "extends: ../nothing.yaml\n");

        var error = Assert.Single(workspace.Errors("oem/acme.yaml"));

        Assert.StartsWith("1:10: 'extends' names '../nothing.yaml', which does not exist", error, StringComparison.Ordinal);
    }
}
