using System.CommandLine;
using Flashsmith.Cache.Redis;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Pipeline;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith build [RECIPE|DIR]</c>: compiles, packs and writes the flash image of each target.</summary>
public static class BuildCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var path = new Argument<string?>("RECIPE|DIR")
        {
            Description = "A recipe file, or a recipes folder whose oem/ targets are built (default: every target under --recipes)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var target = new Option<string?>("--target", "-t") { Description = "Build only this OEM target (recipes/oem/NAME.yaml)", HelpName = "NAME" };
        var output = CommonOptions.Images("The folder that receives one subfolder per target");
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "How many compilers may run at once (default: the number of cores)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            HelpName = "N",
        };
        var cache = CacheCommand.LocalOption();
        var remote = CacheCommand.RemoteOption();
        var key = CommonOptions.Key();
        var release = new Option<bool>("--release") { Description = "A release build: refuse the development key" };
        var verbose = new Option<bool>("--verbose") { Description = "Show each target's partitions with their file systems, sizes, used and free space" };
        var all = new Option<bool>("--all") { Description = "Build every target under the recipes folder, in parallel (the default when no recipe or target is named)" };
        var recipes = CommonOptions.Recipes();
        var json = CommonOptions.Json();
        var command = new Command("build", "Compile the core and drivers and write each target's signed flash image, seal, block map and manifest") { path, target, all, output, jobs, cache, remote, key, release, recipes, json, verbose };
        command.SetAction((result, cancellation) =>
        {
            if (result.GetValue(all) && (result.GetValue(target) is not null || result.GetValue(path) is not null))
            {
                throw new BadInputException(DiagnosticCodes.Usage, "--all builds every target; leave out --target and RECIPE");
            }

            var files = TargetFiles(result.GetValue(path), result.GetValue(target), CommonOptions.RecipesFolder(result, recipes));
            var jobCount = result.GetValue(jobs);
            if (jobCount < 1)
            {
                throw new BadInputException(DiagnosticCodes.Usage, $"--jobs must be at least 1, not {jobCount}");
            }

            var keyReference = result.GetValue(key) is { } text ? KeyReference.Parse(text, Path.GetFullPath) : null;
            var remoteCache = Toolchains.MachineConfig.RemoteCache(result.GetValue(remote), environment.Variable);
            var options = new BuildOptions(CommonOptions.ImagesFolder(result, output).FullName, result.GetValue(cache)?.FullName, jobCount, keyReference, result.GetValue(release), environment.Variable, Settings: RecipeInputs.Settings(environment));

            // Asked before any recipe is loaded: a build with nothing new ends here.
            if (BuildStamp.Check(files, options) is { } upToDate)
            {
                return Task.FromResult(Report(environment, upToDate, result.GetValue(json)));
            }

            return RunAsync(environment, Plans(environment, files), options, remoteCache, result.GetValue(json), result.GetValue(verbose), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, IReadOnlyList<BuildPlan> plans, BuildOptions options, Toolchains.RemoteCacheAddress? remoteCache, bool json, bool verbose, CancellationToken cancellation)
    {
        await using var shared = remoteCache is { } address ? RemoteCache.Start(address) : null;
        options = options with { SharedCache = shared };
        var buildResult = json
            ? await BuildPipeline.RunAsync(plans, options, new Progress<BuildProgress>(), cancellation).ConfigureAwait(false)
            : await BuildProgressView.RunAsync(environment, progress => BuildPipeline.RunAsync(plans, options, progress, cancellation)).ConfigureAwait(false);
        foreach (var warning in buildResult.Compile.Warnings)
        {
            environment.Error.WriteLine(warning);
        }

        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(BuildResultJson.Write(buildResult));
        }
        else
        {
            BuildSummaryRenderer.Render(buildResult, environment.Output, verbose);
        }

        var exit = ExitCodes.Success;
        foreach (var failure in buildResult.Targets.Select(t => t.Failure).OfType<FlashsmithException>())
        {
            foreach (var line in failure.Lines)
            {
                environment.Error.WriteLine(line);
            }

            exit = Math.Max(exit, CommandGuard.ExitCodeFor(failure));
        }

        return exit;
    }

    /// <summary>The plans of the targets a build names: reproduce builds the same ones.</summary>
    internal static IReadOnlyList<BuildPlan> Plans(CliEnvironment environment, string? path, string? target, DirectoryInfo recipes) =>
        Plans(environment, TargetFiles(path, target, recipes));

    private static int Report(CliEnvironment environment, UpToDateBuild build, bool json)
    {
        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(BuildResultJson.Write(build));
        }
        else
        {
            BuildSummaryRenderer.Render(build, environment.Output);
        }

        return ExitCodes.Success;
    }

    /// <summary>The recipe file of each target to build.</summary>
    private static IReadOnlyList<string> TargetFiles(string? path, string? target, DirectoryInfo recipes)
    {
        IReadOnlyList<string> files;
        if (target is not null)
        {
            files = [RecipeInputs.TargetFile(path is not null && Directory.Exists(path) ? new DirectoryInfo(path) : recipes, target)];
        }
        else if (path is not null && File.Exists(path))
        {
            files = [path];
        }
        else if (path is not null && !Directory.Exists(path))
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"{path} does not exist");
        }
        else
        {
            files = RecipeInputs.AllTargets(path is not null ? new DirectoryInfo(path) : recipes);
        }

        return files;
    }

    private static IReadOnlyList<BuildPlan> Plans(CliEnvironment environment, IReadOnlyList<string> files)
    {
        var loaded = RecipeInputs.LoadPlans(files, environment);
        if (loaded.HasErrors)
        {
            throw loaded.Failure();
        }

        return loaded.Plans.Select(p => p.Plan).ToList();
    }
}
