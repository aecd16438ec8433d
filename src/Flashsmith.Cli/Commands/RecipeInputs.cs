using System.Globalization;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Toolchains;

namespace Flashsmith.Cli.Commands;

/// <summary>Turns command-line arguments into recipes and plans.</summary>
public static class RecipeInputs
{
    public static BuildSettings Settings(CliEnvironment environment) =>
        BuildSettings.FromSourceDateEpoch(environment.Variable(ToolEnvironment.SourceDateEpoch));

    public static BuildPlan LoadPlan(string recipePath, CliEnvironment environment) =>
        BuildPlanner.Plan(RecipeLoader.Load(recipePath), Settings(environment));

    /// <summary>Loads and plans every file, going on past broken ones so that all their problems are reported together.</summary>
    public static LoadedPlans LoadPlans(IEnumerable<string> files, CliEnvironment environment)
    {
        var plans = new List<(string, BuildPlan)>();
        var problems = new DiagnosticBag();
        foreach (var file in files)
        {
            try
            {
                plans.Add((file, LoadPlan(file, environment)));
            }
            catch (BadInputException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        return new LoadedPlans(plans, problems.ToSortedList());
    }

    /// <summary>The recipe file of <paramref name="target"/> under the recipes folder.</summary>
    public static string TargetFile(DirectoryInfo recipes, string target)
    {
        RequireFolder(recipes);
        var file = RecipeCatalog.FindTarget(recipes.FullName, target);
        if (file is not null)
        {
            return file;
        }

        var known = RecipeCatalog.Targets(recipes.FullName).Select(Path.GetFileNameWithoutExtension).ToList();
        var list = known.Count == 0 ? "there are none" : "the targets are: " + string.Join(", ", known);
        throw new BadInputException(DiagnosticCodes.UnknownTarget, $"no target '{target}' under {ProjectFolder.Display(Path.Combine(recipes.FullName, RecipeCatalog.TargetsFolder))}; {list}");
    }

    /// <summary>Every OEM target under <paramref name="recipes"/>; none is bad input, as a verb over every target would do nothing.</summary>
    public static IReadOnlyList<string> AllTargets(DirectoryInfo recipes)
    {
        RequireFolder(recipes);
        var files = RecipeCatalog.Targets(recipes.FullName);
        if (files.Count == 0)
        {
            throw new BadInputException(DiagnosticCodes.UnknownTarget, $"no targets under {ProjectFolder.Display(Path.Combine(recipes.FullName, RecipeCatalog.TargetsFolder))}; pass a recipe file or --target NAME");
        }

        return files;
    }

    public static void RequireFolder(DirectoryInfo recipes)
    {
        if (!recipes.Exists)
        {
            throw new BadInputException(DiagnosticCodes.UnknownTarget, $"no recipes folder at {ProjectFolder.Display(recipes.FullName)}; run from a project folder (flashsmith init makes one), or pass --project DIR or --recipes DIR");
        }
    }
}
