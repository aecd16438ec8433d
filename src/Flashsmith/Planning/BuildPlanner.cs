using Flashsmith.Boot;
using Flashsmith.Diagnostics;
using Flashsmith.Packages;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes;
using Flashsmith.Toolchains;

namespace Flashsmith.Planning;

/// <summary>Resolves a loaded recipe into the <see cref="BuildPlan"/> for its target.</summary>
public static class BuildPlanner
{
    public const string CoreComponent = "core";

    public const string LoaderComponent = "loader";

    /// <summary>Where the loader goes on the ESP: the removable-media boot file, which firmware starts on its own.</summary>
    public const string LoaderPath = "/EFI/BOOT/BOOTX64.EFI";

    /// <summary>How a guest's flat binary is named in the boot bank.</summary>
    public const string GuestExtension = ".bin";

    /// <summary>The depot packages the recipe asks for, with their dependencies; the recipe's drivers take part as they are.</summary>
    private static IReadOnlyList<ResolvedPackage> ResolvePackages(Recipe recipe)
    {
        var pinned = recipe.Drivers.Select(d => new DriverPackage(
            d.Name.Value, d.Version.Value, d.Vendor.Value, d.Summary.Value, d.Acceptance.Value, d.Group.Value,
            d.PciIds.Select(p => p.Value).ToList(), d.Depends.Select(r => r.Value).ToList(), d.Conflicts.Select(r => r.Value).ToList(),
            [], [$"/{d.Name.Value}.efi"], null, null, null, recipe.File, d.Position)).ToList();
        var depot = recipe.Depot is { } folder ? DepotCatalog.Load(folder.Value, ProjectFolder.For(recipe.File)) : [];
        return PackageResolver.Resolve(recipe.Packages, depot, pinned, recipe.MinAcceptance.Value);
    }

    /// <summary>A problem when <paramref name="folder"/> holds no C file: there would be nothing to compile.</summary>
    private static void ReportEmptySources(string folder, SourcePosition? at, string what, DiagnosticBag problems)
    {
        if (!SourceFolder.HasFiles(folder))
        {
            problems.Add(DiagnosticCodes.NoCSources, at, $"the sources of {what}, {ProjectFolder.Display(folder)}, hold no C or assembly file ({SourceFolder.Patterns}); there is nothing to compile");
        }
    }

    public static BuildPlan Plan(Recipe recipe, BuildSettings settings)
    {
        var diagnostics = new DiagnosticBag();
        var layout = LayoutPlanner.Plan(recipe.Layout, diagnostics);

        // A layout without these partitions was reported by the layout planner; the checks below go on, so that every problem is reported at once.
        var corePartition = layout.Partitions.FirstOrDefault(p => p.Contents == PartitionContents.Core)?.Name ?? string.Empty;
        var bootbank = layout.Partitions.FirstOrDefault(p => p.Contents == PartitionContents.Bootbank)?.Name ?? string.Empty;
        var product = recipe.Product;
        var components = new List<PlannedComponent>
        {
            new(LoaderComponent, ComponentKind.Loader, product.Version.Value, CoreComponent, AcceptanceLevel.Certified,
                string.Empty, "the boot bank loader", [], [], [], recipe.Core.Loader.Value, null, null,
                corePartition, LoaderPath, "picks the boot bank"),
            new(CoreComponent, ComponentKind.Core, product.Version.Value, CoreComponent, AcceptanceLevel.Certified,
                string.Empty, product.Banner.Value, [], [], [], recipe.Core.Sources?.Value, recipe.Core.Prebuilt?.Value, recipe.Core.Sha256?.Value,
                bootbank, "/" + recipe.Core.Output.Value, recipe.Core.Prebuilt is null ? "the hypervisor core" : "the hypervisor core, prebuilt",
                Position: recipe.Core.Sha256?.Position ?? recipe.Core.Prebuilt?.Position, Compile: recipe.Core.Compile, Purl: recipe.Core.Purl?.Value),
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
            "listed in the recipe",
            null,
            d.Sha256?.Position ?? d.Position,
            Compile: d.Compile)));
        IReadOnlyList<ResolvedPackage>? packages;
        try
        {
            packages = ResolvePackages(recipe);
        }
        catch (BadInputException ex)
        {
            diagnostics.AddRange(ex.Problems);
            packages = null;
        }

        components.AddRange((packages ?? []).Select(r => new PlannedComponent(
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
            r.Package.Position,
            Installs: r.Package.Installs,
            VendorCertificate: r.Package.Certificate)));

        components.AddRange(recipe.Guests.Select(g => new PlannedComponent(
            g.Name.Value,
            ComponentKind.Guest,
            g.Version.Value,
            g.Group.Value,
            AcceptanceLevel.Certified,
            string.Empty,
            "a guest run under SVM",
            [],
            [],
            [],
            g.Sources.Value,
            null,
            null,
            bootbank,
            $"/{g.Name.Value}{GuestExtension}",
            "listed in the recipe",
            Position: g.Position,
            Compile: g.Compile,
            Memory: g.Memory.Value,
            Toolchain: g.Toolchain.Value,
            Flags: g.Flags.Select(f => f.Value).ToList())));

        components.AddRange(recipe.Files.Select(f => new PlannedComponent(
            f.Name.Value,
            ComponentKind.File,
            f.Version.Value,
            f.Group.Value,
            AcceptanceLevel.Certified,
            string.Empty,
            f.Initramfs is not null ? "an initramfs" : f.Text is not null ? "a text file" : "a file",
            [],
            [],
            [],
            null,
            f.From?.Value,
            f.Sha256?.Value,
            f.Partition?.Value ?? bootbank,
            f.To.Value,
            "listed in the recipe",
            Position: f.Sha256?.Position ?? f.Position,
            Text: f.Text?.Value,
            Initramfs: f.Initramfs is { } folder ? new PlannedInitramfs(folder.Value, f.Additions.Select(a => new PlannedInitramfsAddition(a.From.Value, a.To.Value, a.Sha256?.Value)).ToList()) : null,
            Purl: f.Purl?.Value)));
        ReportSharedNames(recipe, components, diagnostics);
        ReportFilePlacement(recipe, layout, components, diagnostics);

        // Budget names of depot packages are known once the packages resolve.
        if (recipe.Packages.Count > 0 && packages is not null)
        {
            RecipeModelBuilder.ReportUnknownNames(recipe.Budget.Groups, components.Select(c => c.Group), "budget.groups", "group", diagnostics);
            RecipeModelBuilder.ReportUnknownNames(recipe.Budget.Components, components.Select(c => c.Name), "budget.components", "component", diagnostics);
        }

        ReportEmptySources(recipe.Core.Loader.Value, recipe.Core.Loader.Position, "the loader", diagnostics);
        if (recipe.Core.Sources is { } coreSources)
        {
            ReportEmptySources(coreSources.Value, coreSources.Position, "the core", diagnostics);
        }
        foreach (var driver in recipe.Drivers.Where(d => d.Sources is not null))
        {
            ReportEmptySources(driver.Sources!.Value.Value, driver.Sources.Value.Position, $"driver '{driver.Name.Value}'", diagnostics);
        }

        foreach (var guest in recipe.Guests)
        {
            ReportEmptySources(guest.Sources.Value, guest.Sources.Position, $"guest '{guest.Name.Value}'", diagnostics);
        }

        foreach (var package in components.Where(c => c.Descriptor is not null && c.SourceFolder is not null))
        {
            ReportEmptySources(package.SourceFolder!, package.Position, $"package '{package.Name}'", diagnostics);
        }

        PrebuiltModules.Verify(components, diagnostics);
        diagnostics.ThrowIfAny();

        var epoch = settings.SourceDateEpoch is { } sde
            ? new BuildEpoch(sde, ToolEnvironment.SourceDateEpoch)
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
            recipe.Depot?.Value)
        {
            CoreOptions = recipe.Core.Options.Value,
            Boot = new BootPatterns(recipe.Boot.Ready.Value, recipe.Boot.Halt.Value),
        };
    }

    /// <summary>
    /// Reports a driver, guest or file named like a component of another kind before it (the core, the loader, a driver of
    /// the recipe or a depot package, a guest): a component's name keys its bytes, its signature and its budget line through
    /// the build, so two components cannot share one. Components of one kind are checked against each other when the recipe is read.
    /// </summary>
    private static void ReportSharedNames(Recipe recipe, IReadOnlyList<PlannedComponent> components, DiagnosticBag diagnostics)
    {
        var positions = recipe.Drivers.Select(d => (d.Name.Value, ComponentKind.Driver, d.Name.Position))
            .Concat(recipe.Guests.Select(g => (g.Name.Value, ComponentKind.Guest, g.Name.Position)))
            .Concat(recipe.Files.Select(f => (f.Name.Value, ComponentKind.File, f.Name.Position)))
            .GroupBy(n => (n.Item1, n.Item2))
            .ToDictionary(g => g.Key, g => g.First().Position);
        var first = new Dictionary<string, PlannedComponent>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            if (!first.TryAdd(component.Name, component) && first[component.Name] is var other && other.Kind != component.Kind)
            {
                var what = other.Kind switch
                {
                    ComponentKind.Core => "the core",
                    ComponentKind.Loader => "the loader",
                    _ => $"{other.Kind.ToString().ToLowerInvariant()} '{other.Name}'",
                };
                var kind = component.Kind.ToString().ToLowerInvariant();
                diagnostics.Add(DiagnosticCodes.DuplicateName, positions.TryGetValue((component.Name, component.Kind), out var at) ? at : component.Position, $"{kind} '{component.Name}' has the name of {what}; give the {kind} a name of its own");
            }
        }
    }

    /// <summary>
    /// Reports files that cannot go where the recipe puts them: into a partition that is not the boot bank or the ESP,
    /// onto a path another file or the builder takes, or inside another file's path.
    /// </summary>
    private static void ReportFilePlacement(Recipe recipe, PlannedLayout layout, IReadOnlyList<PlannedComponent> components, DiagnosticBag diagnostics)
    {
        var taken = new List<(string Partition, string Path, string What)>();
        foreach (var partition in layout.Partitions.Where(p => p.Contents is PartitionContents.Bootbank or PartitionContents.Core))
        {
            taken.Add((partition.Name, "/" + Signing.PartitionSealStatement.FileName, "the partition seal"));
        }

        var bank = layout.Partitions.FirstOrDefault(p => p.Contents == PartitionContents.Bootbank)?.Name;
        if (bank is not null)
        {
            taken.Add((bank, "/" + BootConfig.FileName, "boot.cfg"));
            taken.Add((bank, Signing.ManifestSeal.File, "the bank's manifest"));
            taken.Add((bank, Signing.ManifestSeal.SignatureFile, "the manifest's signature"));
        }

        taken.AddRange(components.Where(c => c.Kind != ComponentKind.File).SelectMany(c => c.Paths.Select(p => (c.Partition, p, $"{c.Kind.ToString().ToLowerInvariant()} '{c.Name}'"))));
        foreach (var file in recipe.Files)
        {
            var partitionName = file.Partition?.Value ?? bank;
            var partition = layout.Partitions.FirstOrDefault(p => p.Name == partitionName);
            if (file.Partition is { } named && (partition is null || partition.Contents is not (PartitionContents.Bootbank or PartitionContents.Core)))
            {
                diagnostics.Add(DiagnosticCodes.FilePlacement, named.Position, partition is null
                    ? $"file '{file.Name.Value}' goes into partition '{named.Value}', which the layout does not have"
                    : $"file '{file.Name.Value}' goes into partition '{named.Value}', whose contents are '{ChoiceSet.Word(partition.Contents)}'; files go into the boot bank or the partition that holds the loader (contents 'bootbank' or 'core')");
                continue;
            }

            if (partitionName is null)
            {
                continue;
            }

            var path = file.To.Value;
            if (partitionName == bank && path.Contains(' ', StringComparison.Ordinal))
            {
                // The bank's manifest.txt, which the core, verify and banks read, separates a file line's fields with spaces.
                diagnostics.Add(DiagnosticCodes.FilePlacement, file.To.Position, $"file '{file.Name.Value}' goes to {partitionName}:{path}, a path with a space; the bank's manifest separates its fields with spaces, so paths in the boot bank take none");
                continue;
            }

            var clash = taken.FirstOrDefault(t => t.Partition == partitionName && (PartitionPaths.IsUnder(path, t.Path) || PartitionPaths.IsUnder(t.Path, path)));
            if (clash.What is not null)
            {
                diagnostics.Add(DiagnosticCodes.FilePlacement, file.To.Position, PartitionPaths.Comparer.Equals(path, clash.Path)
                    ? $"file '{file.Name.Value}' goes to {partitionName}:{path}, which {clash.What} already takes"
                    : $"file '{file.Name.Value}' goes to {partitionName}:{path}, which {(PartitionPaths.IsUnder(path, clash.Path) ? "lies inside" : "holds")} {partitionName}:{clash.Path} ({clash.What})");
                continue;
            }

            taken.Add((partitionName, path, $"file '{file.Name.Value}'"));
        }
    }
}
