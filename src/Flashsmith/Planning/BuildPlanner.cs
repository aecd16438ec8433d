using Flashsmith.Diagnostics;
using Flashsmith.Packages;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>Resolves a loaded recipe into the <see cref="BuildPlan"/> for its target.</summary>
public static class BuildPlanner
{
    public const string CoreComponent = "core";

    public const string LoaderComponent = "loader";

    /// <summary>Where the loader goes on the ESP: the removable-media boot file, which firmware starts on its own.</summary>
    public const string LoaderPath = "/EFI/BOOT/BOOTX64.EFI";

    /// <summary>The depot packages the recipe asks for, with their dependencies; the recipe's drivers take part as they are.</summary>
    private static IReadOnlyList<ResolvedPackage> ResolvePackages(Recipe recipe)
    {
        var pinned = recipe.Drivers.Select(d => new DriverPackage(
            d.Name.Value, d.Version.Value, d.Vendor.Value, d.Summary.Value, d.Acceptance.Value, d.Group.Value,
            d.PciIds.Select(p => p.Value).ToList(), d.Depends.Select(r => r.Value).ToList(), d.Conflicts.Select(r => r.Value).ToList(),
            [], [$"/{d.Name.Value}.efi"], null, null, null, recipe.File)).ToList();
        var depot = recipe.Depot is { } folder ? DepotCatalog.Load(folder.Value, ProjectFolder.For(recipe.File)) : [];
        return PackageResolver.Resolve(recipe.Packages, depot, pinned, recipe.MinAcceptance.Value, new SourcePosition(recipe.File, 1, 1));
    }

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
            new(LoaderComponent, ComponentKind.Loader, product.Version.Value, CoreComponent, AcceptanceLevel.Certified,
                string.Empty, "the boot bank loader", [], [], [], recipe.Core.Loader.Value, null, null,
                corePartition, LoaderPath, "picks the boot bank"),
            new(CoreComponent, ComponentKind.Core, product.Version.Value, CoreComponent, AcceptanceLevel.Certified,
                string.Empty, product.Banner.Value, [], [], [], recipe.Core.Sources.Value, null, null,
                bootbank, "/" + recipe.Core.Output.Value, "the hypervisor core"),
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
            $"/{d.Name.Value}.efi",
            "listed in the recipe")));
        components.AddRange(ResolvePackages(recipe).Select(r => new PlannedComponent(
            r.Package.Name,
            ComponentKind.Driver,
            r.Package.Version,
            r.Package.Group,
            r.Package.Acceptance,
            r.Package.Vendor,
            r.Package.Summary,
            r.Package.PciIds,
            r.Package.Depends,
            r.Package.Conflicts,
            r.Package.SourceFolder,
            r.Package.ModuleFile,
            r.Package.Sha256,
            bootbank,
            r.Package.Installs[0],
            $"{r.Reason} ({r.Package.Descriptor})",
            r.Package.Descriptor,
            r.Package.Installs,
            r.Package.Certificate)));

        if (recipe.Packages.Count > 0)
        {
            var names = new DiagnosticBag();
            RecipeModelBuilder.ReportUnknownNames(recipe.Budget.Groups, components.Select(c => c.Group), "budget.groups", "group", names);
            RecipeModelBuilder.ReportUnknownNames(recipe.Budget.Components, components.Select(c => c.Name), "budget.components", "component", names);
            names.ThrowIfAny();
        }

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
            recipe.Core.Flags.Select(f => f.Value).ToList(),
            recipe.Depot?.Value);
    }
}
