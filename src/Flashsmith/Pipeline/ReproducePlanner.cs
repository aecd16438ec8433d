using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Reproducibility;
using Flashsmith.Signing;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// Turns what reproduce was asked into what its builds need: the project's files a build reads (the pipeline's
/// <see cref="BuildInputs"/>, plus the folders the copy must hold to be the same project), the arguments of each
/// build, the development key made once so that both copies sign alike, and, against a release folder, the
/// parameters its provenance records.
/// </summary>
public static class ReproducePlanner
{
    public static ReproduceRequest Request(IReadOnlyList<BuildPlan> plans, ReproduceArguments asked, IReadOnlyList<string> flashsmith, Func<string, string?> environment)
    {
        var root = plans[0].ProjectRoot;
        string Relative(string full) => Path.GetRelativePath(root, Path.GetFullPath(full));
        var (release, variables) = asked.Against is { } against ? FromProvenance(plans, asked, against, environment) : (asked.Release, new Dictionary<string, string>());
        var overriding = asked.Key is { } given ? KeyReference.Parse(given, Path.GetFullPath) : null;
        var inputs = new List<string>();
        foreach (var plan in plans)
        {
            var (key, certificate) = KeyRing.ReferenceFor(plan, overriding);
            if (key.Source == KeySource.Development)
            {
                if (release)
                {
                    throw KeyRing.DevelopmentKeyRefused(plan);
                }

                // Both copies must sign with the same key: make it once here, and copy it.
                DevelopmentKey.LoadOrGenerate(DevelopmentKey.DefaultFolder(root)).Dispose();
            }

            var read = BuildInputs.Of(plan, key, certificate);
            inputs.AddRange(read.Files.Concat(read.Folders).Select(Relative));

            // The recipe's folder holds what it names beside itself; a recipe outside recipes/ belongs to the project
            // whose recipes/ is above it, so the copy needs that folder too.
            inputs.Add(Relative(Path.GetDirectoryName(plan.RecipeFile)!));
            if (Directory.Exists(Path.Combine(root, ProjectFolder.RecipesFolder)))
            {
                inputs.Add(ProjectFolder.RecipesFolder);
            }

            inputs.AddRange(plan.Components.Select(c => c.Descriptor).OfType<string>().Select(d => Relative(Path.GetDirectoryName(d)!)));
        }

        // Sources include headers beside their folders through relative paths: the copy holds their whole tree.
        if (SourceTree.Root(plans) is { } sources)
        {
            inputs.Add(Relative(sources));
        }

        if (Directory.Exists(asked.RecipesFolder) && asked.Target is not null)
        {
            inputs.Add(Relative(asked.RecipesFolder));
        }

        var outside = inputs.Where(i => i.StartsWith("..", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        return new ReproduceRequest(
            root,
            inputs.Where(i => !outside.Contains(i)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            BuildArguments(asked, release, Relative),
            flashsmith,
            asked.Against,
            asked.Keep,
            environment,
            variables);
    }

    /// <summary>What follows <c>build</c> in each build, with project paths relative to the copy.</summary>
    private static List<string> BuildArguments(ReproduceArguments asked, bool release, Func<string, string> relative)
    {
        var arguments = new List<string>();
        if (asked.Target is not null)
        {
            arguments.AddRange(["--target", asked.Target, "--recipes", relative(asked.Path is not null && Directory.Exists(asked.Path) ? asked.Path : asked.RecipesFolder)]);
        }
        else if (asked.Path is not null)
        {
            arguments.Add(relative(asked.Path));
        }
        else
        {
            arguments.AddRange(["--all", "--recipes", relative(asked.RecipesFolder)]);
        }

        if (asked.Key is { } key)
        {
            arguments.AddRange(["--key", key is "dev" || key.StartsWith("pkcs11:", StringComparison.Ordinal) ? key : Path.GetFullPath(key)]);
        }

        if (release)
        {
            arguments.Add("--release");
        }

        return arguments;
    }

    /// <summary>
    /// The release flag and the build variables that the provenance of each target in <paramref name="against"/>
    /// records; refuses, naming each field, a parameter that the command line, the environment or the recipe gives otherwise.
    /// </summary>
    private static (bool Release, Dictionary<string, string> Variables) FromProvenance(IReadOnlyList<BuildPlan> plans, ReproduceArguments asked, string against, Func<string, string?> environment)
    {
        var found = plans.Select(p => (Plan: p, Parameters: ReleaseParameters.Find(against, p.Target))).Where(f => f.Parameters is not null).ToList();
        var problems = new List<string>();
        var given = environment(ToolEnvironment.SourceDateEpoch);
        foreach (var (plan, parameters) in found)
        {
            var file = parameters!.File;
            var recipe = ProvenanceStatement.Relative(plan, plan.RecipeFile);
            if (recipe != parameters.Recipe)
            {
                problems.Add($"{file}: recipe is '{parameters.Recipe}' in the provenance, but this build's is '{recipe}'; reproduce that recipe");
            }

            if (asked.Release && !parameters.Release)
            {
                problems.Add($"{file}: release is false in the provenance, but --release was given; leave out --release (the provenance's value is used)");
            }

            if (parameters.Toolchain != plan.Toolchain)
            {
                problems.Add($"{file}: toolchain is '{parameters.Toolchain}' in the provenance, but the recipe names '{plan.Toolchain}'; reproduce from the sources the release was built from");
            }

            if (parameters.Epoch != plan.Epoch.Seconds && given is not null)
            {
                problems.Add($"{file}: epoch is {parameters.EpochText} in the provenance, but {ToolEnvironment.SourceDateEpoch} is {given}; unset {ToolEnvironment.SourceDateEpoch} (the provenance's value is used)");
            }
        }

        var releases = found.Select(f => f.Parameters!.Release).Distinct().ToList();
        var epochs = found.Select(f => f.Parameters!.Epoch).Distinct().ToList();
        if (releases.Count > 1 || epochs.Count > 1)
        {
            var field = releases.Count > 1 ? "release" : "epoch";
            problems.Add($"{against}: the targets' provenances give different values of {field} ({string.Join(", ", found.Select(f => $"{f.Plan.Target}: {(releases.Count > 1 ? f.Parameters!.Release : f.Parameters!.EpochText)}"))}); reproduce one target at a time with --target");
        }

        if (problems.Count > 0)
        {
            throw new BadInputException(DiagnosticCodes.ReleaseParameters, problems);
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (given is null && found.Count > 0 && found[0].Parameters!.Epoch != found[0].Plan.Epoch.Seconds)
        {
            variables[ToolEnvironment.SourceDateEpoch] = found[0].Parameters!.EpochText;
        }

        return (asked.Release || (releases.Count == 1 && releases[0]), variables);
    }
}
