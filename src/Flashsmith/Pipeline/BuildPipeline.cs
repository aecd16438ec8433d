using System.Diagnostics;
using Flashsmith.Budget;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Reproducibility;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// The build, top to bottom: compile every source component once for all targets, then per
/// target, in parallel: collect prebuilt modules, pack, sign, assemble, seal, check the budget and emit.
/// </summary>
public static class BuildPipeline
{
    public static async Task<BuildResult> RunAsync(IReadOnlyList<BuildPlan> plans, BuildOptions options, IProgress<BuildProgress> progress, CancellationToken cancellation)
    {
        if (plans.Count == 0)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.UnknownTarget, "there is nothing to build: no targets were given or found");
        }

        if (File.Exists(options.OutputRoot))
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.OutputPath, $"{options.OutputRoot}: the output folder is a file; name a folder (it is made when missing)");
        }

        var madeOutputRoot = !Directory.Exists(options.OutputRoot);
        try
        {
            // Made first, so that an output folder that cannot exist is reported before anything is built.
            Directory.CreateDirectory(options.OutputRoot);
        }
        catch (Exception ex) when (Diagnostics.FileSystemErrors.IsFileSystemFailure(ex))
        {
            throw Diagnostics.FileSystemErrors.Describe(ex, options.OutputRoot, "the output folder cannot be made");
        }

        if (options.Release)
        {
            ReleaseChecks.RefuseUncommitted(plans);
        }

        var root = plans[0].ProjectRoot;
        var cacheFolder = options.CacheFolder ?? ObjectCache.DefaultFolder(root);
        var components = plans.SelectMany(p => p.Components)
            .Where(c => c.SourceFolder is not null)
            .Select(c => ToSourceComponent(c, plans))
            .DistinctBy(c => c.Key)
            .ToList();
        progress.Report(new BuildProgress("*", BuildStage.Compile, $"{components.Count} components"));
        var toolchains = plans.Select(p => p.Toolchain).Distinct().ToList();
        if (toolchains.Count > 1)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.Usage, $"the targets name different toolchain presets ({string.Join(", ", toolchains)}); build them separately");
        }

        var toolchain = toolchains[0];

        // Asked of git while the compilers run: it is needed only once they are done.
        var revision = Task.Run(() => SourceRevision.Commit(root, options.Environment), cancellation);
        using var keys = new KeyRing(options, cacheFolder);
        var early = new EarlySigning(plans, keys, c => ToSourceComponent(c, plans).Key);
        try
        {
            var request = new BuildRequest(plans, options, progress, components, toolchain, root, cacheFolder, revision, keys, early.Linked, madeOutputRoot);
            return await BuildAsync(request, cancellation).ConfigureAwait(false);
        }
        finally
        {
            // Nothing started for this build outlives it.
            await early.SettledAsync().ConfigureAwait(false);
        }
    }

    private static async Task<BuildResult> BuildAsync(BuildRequest request, CancellationToken cancellation)
    {
        var (plans, options, progress, keys, cacheFolder) = (request.Plans, request.Options, request.Progress, request.Keys, request.CacheFolder);
        var input = new CompileInput(request.Components, request.Toolchain, request.ProjectRoot, cacheFolder, options.Jobs, options.SharedCache, MachineConfig.CacheFolder(options.Environment), request.Linked);
        var compile = await CompileStage.RunAsync(input, cancellation).ConfigureAwait(false);

        var commit = await request.Revision.ConfigureAwait(false);
        var results = new TargetResult[plans.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, plans.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellation }, async (index, token) =>
        {
            results[index] = await BuildTargetAsync(plans[index], compile, options, commit, keys, cacheFolder, progress, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // A disk that failed under one target's outputs gets nothing more written to it.
        var budgets = results.Where(r => r.Budget is not null).Select(r => r.Budget!).ToList();
        if (budgets.Count > 0 && !results.Any(r => r.Failure is DeviceFailedException))
        {
            BuildStamp.ForgetReports(cacheFolder, options.OutputRoot);
            await BudgetReports.WriteAsync(options.OutputRoot, budgets, cancellation).ConfigureAwait(false);
            var stamps = results.Select(r => SaveStamp(r, compile, options, cacheFolder)).ToList();
            if (stamps.All(r => r is not null))
            {
                BuildStamp.SaveReports(cacheFolder, options.OutputRoot, stamps!);
            }
        }

        if (options.Release && results.All(r => r.Failure is null && r.Output is not null))
        {
            try
            {
                await ReleaseChecksums.WriteAsync(options.OutputRoot, results.SelectMany(r => r.Output!.Files), keys.For(plans[0]), cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (Diagnostics.FileSystemErrors.IsFileSystemFailure(ex))
            {
                throw Diagnostics.FileSystemErrors.Describe(ex, options.OutputRoot, "writing the release checksums failed");
            }
        }

        if (request.MadeOutputRoot && results.All(r => r.Failure is not null) && !Directory.EnumerateFileSystemEntries(options.OutputRoot).Any())
        {
            Directory.Delete(options.OutputRoot);
        }

        return new BuildResult(results, compile);
    }

    /// <summary>One target, start to end; its failure is recorded, so that the other targets go on.</summary>
    private static async Task<TargetResult> BuildTargetAsync(BuildPlan plan, CompileOutput compile, BuildOptions options, string? commit, KeyRing keys, string cacheFolder, IProgress<BuildProgress> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        AssembleOutput? assembly = null;
        BudgetReport? budget = null;
        try
        {
            var key = keys.For(plan);
            progress.Report(new BuildProgress(plan.Target, BuildStage.Collect, string.Empty));
            var collected = await CollectStage.RunAsync(new CollectInput(plan), cancellation).ConfigureAwait(false);
            var drivers = new Dictionary<string, byte[]>(collected.Components, StringComparer.Ordinal);
            var core = plan.Components.Single(c => c.Kind == ComponentKind.Core) is { PrebuiltFile: not null } prebuilt ? drivers[prebuilt.Name] : null;
            var compiled = new Dictionary<string, string>(StringComparer.Ordinal);
            byte[]? loader = null;
            foreach (var component in plan.Components.Where(c => c.SourceFolder is not null))
            {
                var image = compile.Images[ToSourceComponent(component, [plan]).Key];
                compiled[component.Name] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image));
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
            var pack = PackStage.Run(new PackInput(plan, loader!, core!, drivers));
            progress.Report(new BuildProgress(plan.Target, BuildStage.Sign, string.Empty));
            var signatures = keys.Signatures(plan);
            var signed = SignStage.Run(new SignInput(plan, pack, signatures));
            progress.Report(new BuildProgress(plan.Target, BuildStage.Assemble, string.Empty));
            assembly = AssembleStage.Run(new AssembleInput(plan, signed, signatures));
            progress.Report(new BuildProgress(plan.Target, BuildStage.Seal, string.Empty));

            // The image's digest is taken on another core while the budget is checked and the image written and read back.
            var laidOut = assembly;
            var seal = Task.Run(() => SealStage.Run(new SealInput(plan, laidOut, key), cancellation), cancellation);
            EmitOutput output;
            try
            {
                progress.Report(new BuildProgress(plan.Target, BuildStage.Check, string.Empty));
                budget = CheckStage.Run(new CheckInput(plan, assembly)).Budget;
                progress.Report(new BuildProgress(plan.Target, BuildStage.Emit, string.Empty));
                output = await EmitStage.RunAsync(new EmitInput(plan, signed, assembly, seal, budget, compile.Toolchain, key, options.OutputRoot, cacheFolder, new ProvenanceFacts(options.Release, commit, compiled), compile.OtherToolchains?.Where(t => plan.Components.Any(c => c.Toolchain == t.Name)).ToList()), cancellation).ConfigureAwait(false);
            }
            finally
            {
                // However the target ends, its seal is not left running; a seal that failed failed the emit, which awaited it.
                await Task.WhenAny(seal).ConfigureAwait(false);
            }

            progress.Report(new BuildProgress(plan.Target, BuildStage.Done, output.ImagePath));
            return new TargetResult(plan, output, assembly.Volumes, budget, null, clock.Elapsed);
        }
        catch (Diagnostics.FlashsmithException ex)
        {
            budget ??= (ex as BudgetExceededException)?.Report;
            return new TargetResult(plan, null, assembly?.Volumes ?? new Dictionary<string, Disk.Fat.FatVolumeLayout>(), budget, ex, clock.Elapsed);
        }
    }

    /// <summary>
    /// Records what a target that was built read and wrote (see <see cref="BuildStamp"/>), and returns its request;
    /// null for a target that failed or whose inputs cannot all be named (a key on a token).
    /// </summary>
    private static string? SaveStamp(TargetResult result, CompileOutput compile, BuildOptions options, string cacheFolder)
    {
        var plan = result.Plan;
        var (key, certificate) = KeyRing.ReferenceFor(plan, options);
        if (result.Failure is not null || result.Output is null || compile.Inputs is null
            || BuildInputs.Of(plan, key, certificate) is not { KeyOnToken: false } inputs
            || BuildStamp.Request(plan.RecipeFile, options, cacheFolder) is not { } request)
        {
            return null;
        }

        var files = new List<string>(inputs.Files);
        var folders = new List<string>(inputs.Folders);
        var compiled = plan.Components.Where(c => c.SourceFolder is not null).SelectMany(c => compile.Inputs[ToSourceComponent(c, [plan]).Key]).ToList();
        files.AddRange(compiled);

        // A new header beside one that was included could be found first instead of it.
        folders.AddRange(compiled.Select(f => Path.GetDirectoryName(f)!));
        BuildStamp.Save(cacheFolder, request, result, files, folders, compile.Tools);
        return request;
    }

    private static SourceComponent ToSourceComponent(PlannedComponent component, IReadOnlyList<BuildPlan> plans)
    {
        var plan = plans.First(p => p.Components.Contains(component));
        var kind = component.Kind switch
        {
            ComponentKind.Core or ComponentKind.Loader => ImageKind.Application,
            ComponentKind.Guest => ImageKind.FlatBinary,
            _ => ImageKind.BootServiceDriver,
        };
        var flags = component.Flags ?? (component.Kind is ComponentKind.Core or ComponentKind.Loader ? plan.CoreFlags : []);
        var compile = component.Compile ?? CompileInputs.None;

        // Include folders relative to the project, where the compiler runs: the flags are part of cache keys shared across checkouts.
        return new SourceComponent(
            component.SourceFolder!,
            kind,
            [.. flags, .. compile.Include.Select(i => "-I" + Path.GetRelativePath(plan.ProjectRoot, i.Value)), .. compile.Defines.Select(d => d.Value.Flag)],
            component.Toolchain);
    }
}
