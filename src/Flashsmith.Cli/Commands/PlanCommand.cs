using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith plan --target NAME</c>: the fully resolved build plan of one target.</summary>
public static class PlanCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var recipe = new Argument<FileInfo?>("RECIPE")
        {
            Description = "A recipe file (instead of --target)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var target = new Option<string?>("--target", "-t")
        {
            Description = "The OEM target, by name (recipes/oem/NAME.yaml)",
            HelpName = "NAME",
        };
        var recipes = CommonOptions.Recipes();
        var json = CommonOptions.Json();
        var command = new Command("plan", "Show the resolved build plan: components, partitions, budgets, key") { recipe, target, recipes, json };
        command.SetAction(result => Run(environment, result.GetValue(recipe), result.GetValue(target), CommonOptions.RecipesFolder(result, recipes), result.GetValue(json)));
        return command;
    }

    private static int Run(CliEnvironment environment, FileInfo? recipe, string? target, DirectoryInfo recipes, bool json)
    {
        if ((recipe is null) == (target is null))
        {
            throw new BadInputException(DiagnosticCodes.Usage, "give either --target NAME or a RECIPE file");
        }

        var file = recipe?.FullName ?? RecipeInputs.TargetFile(recipes, target!);
        var plan = RecipeInputs.LoadPlan(file, environment);
        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(PlanJson.Write(plan));
        }
        else
        {
            PlanRenderer.Render(plan, environment.Output);
        }

        return ExitCodes.Success;
    }
}
