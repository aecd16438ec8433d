using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>Resolves a loaded recipe into the <see cref="BuildPlan"/> for its target.</summary>
public static class BuildPlanner
{
    public const string CoreComponent = "core";

    public static BuildPlan Plan(Recipe recipe, BuildSettings settings)
    {
        var diagnostics = new DiagnosticBag();
        var layout = LayoutPlanner.Plan(recipe.Layout, diagnostics);
        diagnostics.ThrowIfAny();

        var corePartition = layout.WithContents(PartitionContents.Core).Name;
        var bootbank = layout.WithContents(PartitionContents.Bootbank).Name;
        var product = recipe.Product;
        var components = new List<PlannedComponent>
        {
            new(CoreComponent, ComponentKind.Core, product.Version.Value, CoreComponent, AcceptanceLevel.Certified,
                string.Empty, product.Banner.Value, [], [], [], recipe.Core.Sources.Value, null, null,
                corePartition, $"/EFI/BOOT/{recipe.Core.Output.Value}"),
        };
        components.AddRange(recipe.Drivers.Select(d => new PlannedComponent(
            d.Name.Value,
            ComponentKind.Driver,
            d.Version.Value,
            d.Group.Value,
            d.Acceptance.Value,
            d.Vendor.Value,
            d.Summary.Value,
            d.PciIds.Select(p => p.Value).ToList(),
            d.Depends.Select(r => r.Value).ToList(),
            d.Conflicts.Select(r => r.Value).ToList(),
            d.Sources?.Value,
            d.Prebuilt?.Value,
            d.Sha256?.Value,
            bootbank,
            $"/{d.Name.Value}.efi")));

        var epoch = settings.SourceDateEpoch is { } sde
            ? new BuildEpoch(sde, "SOURCE_DATE_EPOCH")
            : new BuildEpoch(product.Epoch.Value, "recipe");
        var budget = recipe.Budget;
        return new BuildPlan(
            recipe.TargetName,
            recipe.File,
            recipe.ProjectRoot,
            recipe.Chain,
            product.Name.Value,
            product.Version.Value,
            product.Banner.Value,
            epoch,
            recipe.MinAcceptance.Value,
            components,
            layout,
            new PlannedSigning(recipe.Signing.Key.Value, recipe.Signing.Certificate?.Value),
            new PlannedBudget(
                budget.WarnPercent.Value,
                budget.Image?.Value,
                budget.Partitions.ToDictionary(p => p.Key, p => p.Value.Value),
                budget.Groups.ToDictionary(p => p.Key, p => p.Value.Value),
                budget.Components.ToDictionary(p => p.Key, p => p.Value.Value),
                budget.GrowthPercent?.Value),
            recipe.Core.Toolchain.Value,
            recipe.Core.Flags.Select(f => f.Value).ToList());
    }
}
