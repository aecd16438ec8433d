using System.Diagnostics;
using Flashsmith.Budget;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// The build, top to bottom: compile every source component once for all targets, then per
/// target, in parallel: collect prebuilt modules, pack (and sign), assemble, check the budget and emit.
/// </summary>
public static class BuildPipeline
{
    public static async Task<BuildResult> RunAsync(IReadOnlyList<BuildPlan> plans, BuildOptions options, IProgress<BuildProgress> progress, CancellationToken cancellation)
    {
        if (plans.Count == 0)
        {
            throw new Diagnostics.BadInputException("there is nothing to build: no targets were given or found");
        }

        var root = plans[0].ProjectRoot;
        var cacheFolder = options.CacheFolder ?? Path.Combine(root, ".flashsmith", "cache");
        var components = plans.SelectMany(p => p.Components)
            .Where(c => c.SourceFolder is not null)
            .Select(c => ToSourceComponent(c, plans))
            .DistinctBy(c => c.Key)
            .ToList();
        progress.Report(new BuildProgress("*", BuildStage.Compile, $"{components.Count} components"));
        var toolchains = plans.Select(p => p.Toolchain).Distinct().ToList();
        if (toolchains.Count > 1)
        {
            throw new Diagnostics.BadInputException($"the targets name different toolchain presets ({string.Join(", ", toolchains)}); build them separately");
        }

        var toolchain = toolchains[0];
        var compile = await CompileStage.RunAsync(new CompileInput(components, toolchain, root, cacheFolder, options.Jobs), cancellation).ConfigureAwait(false);

        var results = new TargetResult[plans.Count];
        using var keys = new KeyRing(options);
        await Parallel.ForEachAsync(Enumerable.Range(0, plans.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellation }, async (index, token) =>
        {
            results[index] = await BuildTargetAsync(plans[index], compile, options, keys, cacheFolder, progress, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var budgets = results.Where(r => r.Budget is not null).Select(r => r.Budget!).ToList();
        if (budgets.Count > 0)
        {
            await BudgetReports.WriteAsync(options.OutputRoot, budgets, cancellation).ConfigureAwait(false);
        }

        return new BuildResult(results, compile);
    }

    /// <summary>One target, start to end; its failure is recorded, so that the other targets go on.</summary>
    private static async Task<TargetResult> BuildTargetAsync(BuildPlan plan, CompileOutput compile, BuildOptions options, KeyRing keys, string cacheFolder, IProgress<BuildProgress> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        AssembleOutput? assembly = null;
        BudgetReport? budget = null;
        try
        {
            var key = keys.For(plan);
            progress.Report(new BuildProgress(plan.Target, BuildStage.Collect, string.Empty));
            var collected = await CollectStage.RunAsync(new CollectInput(plan), cancellation).ConfigureAwait(false);
            var drivers = new Dictionary<string, byte[]>(collected.Modules, StringComparer.Ordinal);
            byte[]? core = null;
            byte[]? loader = null;
            foreach (var component in plan.Components.Where(c => c.SourceFolder is not null))
            {
                var image = compile.Images[ToSourceComponent(component, [plan]).Key];
                if (component.Kind == ComponentKind.Core)
                {
                    core = image;
                }
                else if (component.Kind == ComponentKind.Loader)
                {
                    loader = image;
                }
                else
                {
                    drivers[component.Name] = image;
                }
            }

            progress.Report(new BuildProgress(plan.Target, BuildStage.Pack, string.Empty));
            var signatures = new SignatureCache(cacheFolder, key);
            var pack = PackStage.Run(new PackInput(plan, loader!, core!, drivers, (name, pe) => SignModule(plan, name, pe, signatures)));
            progress.Report(new BuildProgress(plan.Target, BuildStage.Assemble, string.Empty));
            assembly = AssembleStage.Run(new AssembleInput(plan, pack, signatures));
            progress.Report(new BuildProgress(plan.Target, BuildStage.Check, string.Empty));
            budget = BudgetChecker.Check(plan, pack, assembly);
            BudgetChecker.ThrowIfOver(budget);
            progress.Report(new BuildProgress(plan.Target, BuildStage.Emit, string.Empty));
            var output = await EmitStage.RunAsync(new EmitInput(plan, pack, assembly, budget, compile.Toolchain, key, options.OutputRoot, cacheFolder), cancellation).ConfigureAwait(false);
            progress.Report(new BuildProgress(plan.Target, BuildStage.Done, output.ImagePath));
            return new TargetResult(plan, output, assembly.Volumes, budget, null, clock.Elapsed);
        }
        catch (Diagnostics.FlashsmithException ex)
        {
            return new TargetResult(plan, null, assembly?.Volumes ?? new Dictionary<string, Disk.Fat.FatVolumeLayout>(), budget, ex, clock.Elapsed);
        }
    }

    /// <summary>Signs a module; one its vendor already signed (a prebuilt driver) is kept as it is.</summary>
    private static byte[] SignModule(BuildPlan plan, string component, byte[] image, SignatureCache signatures)
    {
        try
        {
            return PeLayout.Read(image).CertificateTableSize > 0 ? image : signatures.Sign(image);
        }
        catch (InvalidPeImageException ex)
        {
            throw new Diagnostics.BadInputException($"{plan.Target}: component '{component}' is not a PE/EFI image: {ex.Message}");
        }
    }

    private static SourceComponent ToSourceComponent(PlannedComponent component, IReadOnlyList<BuildPlan> plans)
    {
        var plan = plans.First(p => p.Components.Contains(component));
        return new SourceComponent(
            component.SourceFolder!,
            component.Kind is ComponentKind.Core or ComponentKind.Loader ? ImageKind.Application : ImageKind.BootServiceDriver,
            component.Kind is ComponentKind.Core or ComponentKind.Loader ? plan.CoreFlags : []);
    }
}
