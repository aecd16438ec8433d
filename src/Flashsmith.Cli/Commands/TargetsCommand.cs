using System.CommandLine;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith targets</c>: the OEM targets and their essentials, in one table; as JSON, what a CI matrix needs
/// (each target's name, its recipe relative to the project, and its image's file name).
/// </summary>
public static class TargetsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var recipes = CommonOptions.Recipes();
        var json = CommonOptions.Json();
        var command = new Command("targets", "List the OEM targets under recipes/oem/") { recipes, json };
        command.SetAction(result => Run(environment, CommonOptions.RecipesFolder(result, recipes), result.GetValue(json)));
        return command;
    }

    private static int Run(CliEnvironment environment, DirectoryInfo recipes, bool json)
    {
        RecipeInputs.RequireFolder(recipes);
        var loaded = RecipeInputs.LoadPlans(RecipeCatalog.Targets(recipes.FullName), environment);
        var plans = loaded.Plans.Select(p => p.Plan).ToList();

        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(Rendering.TargetsJson.Render(plans));
        }
        else if (plans.Count == 0 && !loaded.HasErrors)
        {
            environment.Output.WriteLine($"no targets under {ProjectFolder.Display(Path.Combine(recipes.FullName, RecipeCatalog.TargetsFolder))}");
        }
        else
        {
            var table = new Table().AddColumns("Target", "Product", "Version", "Flash", "Drivers");
            table.Columns[4].RightAligned();
            foreach (var plan in plans)
            {
                table.AddRow(
                    Markup.Escape(plan.Target),
                    Markup.Escape(plan.Product),
                    Markup.Escape(plan.Version.ToString()),
                    Markup.Escape(plan.Layout.FlashSize.ToString()),
                    plan.Components.Count(c => c.Kind == ComponentKind.Driver).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            environment.Output.Write(table);
        }

        if (loaded.HasErrors)
        {
            foreach (var line in loaded.Failure().Lines)
            {
                environment.Error.WriteLine(line);
            }

            return ExitCodes.BadInput;
        }

        return ExitCodes.Success;
    }
}
