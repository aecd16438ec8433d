using System.CommandLine;
using System.Globalization;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith validate [PATH...]</c>: checks recipes and reports every problem at once.</summary>
public static class ValidateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Recipe files or folders of recipes (default: the recipes folder)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var recipes = CommonOptions.Recipes();
        var command = new Command("validate", "Check recipes: every problem, with file, line and column") { paths, recipes };
        command.SetAction(result => Run(environment, result.GetValue(paths) ?? [], CommonOptions.RecipesFolder(result, recipes)));
        return command;
    }

    private static int Run(CliEnvironment environment, string[] paths, DirectoryInfo recipes)
    {
        var files = new List<string>();
        var missing = new List<Diagnostic>();
        if (paths.Length == 0)
        {
            RecipeInputs.RequireFolder(recipes);
            files.AddRange(RecipeCatalog.RecipesIn(recipes.FullName));
        }

        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(RecipeCatalog.RecipesIn(path));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                missing.Add(new Diagnostic(DiagnosticCodes.InputMissing, $"{path} does not exist"));
            }
        }

        var loaded = RecipeInputs.LoadPlans(files, environment);
        foreach (var (file, plan) in loaded.Plans)
        {
            environment.Output.WriteLine($"ok: {ProjectFolder.Display(Path.GetFullPath(file))} ({Contents(plan)})");
        }

        var errors = loaded.Failure([.. missing]).Lines;
        foreach (var line in errors)
        {
            environment.Error.WriteLine(line);
        }

        var checkedCount = files.Count + missing.Count;
        if (errors.Count > 0)
        {
            environment.Error.WriteLine($"{checkedCount - loaded.Plans.Count} of {checkedCount} recipes have errors ({errors.Count} in all)");
            return ExitCodes.BadInput;
        }

        environment.Output.WriteLine(checkedCount == 1 ? "1 recipe is valid" : $"{checkedCount} recipes are valid");
        return ExitCodes.Success;
    }

    /// <summary>"5 drivers, 1 guest, 4 partitions": the drivers always, guests and files when there are any.</summary>
    private static string Contents(BuildPlan plan)
    {
        int Of(ComponentKind kind) => plan.Components.Count(c => c.Kind == kind);
        var parts = new List<string> { Count(Of(ComponentKind.Driver), "driver") };
        if (Of(ComponentKind.Guest) is > 0 and var guests)
        {
            parts.Add(Count(guests, "guest"));
        }

        if (Of(ComponentKind.File) is > 0 and var files)
        {
            parts.Add(Count(files, "file"));
        }

        parts.Add(Count(plan.Layout.Partitions.Count, "partition"));
        return string.Join(", ", parts);
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
