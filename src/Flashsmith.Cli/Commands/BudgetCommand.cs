using System.CommandLine;
using System.Globalization;
using Flashsmith.Budget;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Recipes;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith budget [--target NAME] [--against PREVIOUS]</c>: the last build's budgets, and growth against an
/// earlier build; <c>budget --merge DIR...</c> gathers the budgets of builds made apart into one budget.md and budget.html.
/// </summary>
public static class BudgetCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var target = new Option<string?>("--target", "-t") { Description = "Only this target (default: every target under recipes/oem)", HelpName = "NAME" };
        var against = new Option<string?>("--against") { Description = "An earlier build's budget.json, or its images folder", HelpName = "PREVIOUS" };
        var output = CommonOptions.Images("The images folder of the build to look at; with --merge, where budget.md and budget.html are written");
        var merge = new Option<string[]>("--merge")
        {
            Description = "Gather the budgets in these images or target folders (one build per target, as in a CI matrix) into one budget.md and budget.html",
            HelpName = "DIR",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var recipes = CommonOptions.Recipes();
        var json = CommonOptions.Json();
        var command = new Command("budget", "Show the size budgets of the last build, per-component growth against an earlier one, or merge the budgets of per-target builds") { target, against, merge, output, recipes, json };
        command.SetAction((result, cancellation) =>
        {
            if (result.GetValue(merge) is { Length: > 0 } folders)
            {
                if (result.GetValue(target) is not null || result.GetValue(against) is not null)
                {
                    throw new BadInputException(DiagnosticCodes.Usage, "--merge gathers every target's budget; leave out --target and --against");
                }

                return Merge(environment, folders, CommonOptions.ImagesFolder(result, output), result.GetValue(json), cancellation);
            }

            return Task.FromResult(Run(environment, result.GetValue(target), result.GetValue(against), CommonOptions.ImagesFolder(result, output), CommonOptions.RecipesFolder(result, recipes), result.GetValue(json)));
        });
        return command;
    }

    private static async Task<int> Merge(CliEnvironment environment, IReadOnlyList<string> folders, DirectoryInfo output, bool json, CancellationToken cancellation)
    {
        var reports = BudgetMerge.Read(folders);
        await BudgetReports.WriteAsync(output.FullName, reports, cancellation).ConfigureAwait(false);
        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(BudgetViewJson.Write(reports));
        }
        else
        {
            var table = new Table().AddColumns("Target", "Verdict", "Image");
            foreach (var report in reports)
            {
                var image = report.Lines.FirstOrDefault(l => l.Kind == "image");
                table.AddRow(Markup.Escape(report.Target), Lower(report.Verdict), image is null ? "-" : Markup.Escape(new ByteSize(image.UsedBytes).ToApproximateString()));
            }

            environment.Output.Write(table);
            var written = string.Join(" and ", new[] { BudgetReports.Markdown, BudgetReports.Html }.Select(f => ProjectFolder.Display(Path.Combine(output.FullName, f))));
            environment.Output.WriteLine($"merged {reports.Count} target{(reports.Count == 1 ? string.Empty : "s")} into {written}");
        }

        var over = reports.Where(r => r.Verdict == BudgetVerdict.Over).ToList();
        foreach (var report in over)
        {
            environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.OverBudget, $"{report.Target}: over its size budget"));
        }

        return over.Count == 0 ? ExitCodes.Success : ExitCodes.BudgetExceeded;
    }

    private static string Lower(BudgetVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static int Run(CliEnvironment environment, string? target, string? against, DirectoryInfo output, DirectoryInfo recipes, bool json)
    {
        var shown = new List<BudgetReport>();
        var growths = new List<BudgetViewJson.TargetGrowth>();
        var files = target is not null ? [RecipeInputs.TargetFile(recipes, target)] : RecipeInputs.AllTargets(recipes);
        var offenders = new List<string>();
        foreach (var file in files)
        {
            var plan = RecipeInputs.LoadPlan(file, environment);
            var current = BudgetJson.ReadFile(Path.Combine(output.FullName, plan.Target, Budget.BudgetJson.FileName), $"no budget for '{plan.Target}' in {output.FullName}; build it first");
            if (against is null)
            {
                if (json)
                {
                    shown.Add(current);
                }
                else
                {
                    Show(environment.Output, current);
                }

                continue;
            }

            var growth = BudgetGrowth.Against(current, against, plan.Budget.GrowthPercent);
            if (json)
            {
                growths.Add(new BudgetViewJson.TargetGrowth(current.Target, plan.Budget.GrowthPercent, growth));
            }
            else
            {
                ShowGrowth(environment.Output, current.Target, growth, plan.Budget.GrowthPercent);
            }

            offenders.AddRange(growth.Where(g => g.OverLimit).Select(g => new Diagnostic(DiagnosticCodes.GrowthOverLimit, BudgetGrowth.Describe(current.Target, g, plan.Budget.GrowthPercent)).ToString()));
        }

        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(against is null ? BudgetViewJson.Write(shown) : BudgetViewJson.Write(growths));
        }

        foreach (var line in offenders)
        {
            environment.Error.WriteLine(line);
        }

        return offenders.Count == 0 ? ExitCodes.Success : ExitCodes.BudgetExceeded;
    }

    private static void Show(IAnsiConsole console, BudgetReport report)
    {
        var table = new Table().Title(Markup.Escape($"{report.Target}: {report.Verdict.ToString().ToLowerInvariant()} (warning at {report.WarnPercent}%)")).AddColumns("Kind", "Name", "Used", "Limit", "Used %", "Verdict");
        foreach (var line in report.Lines)
        {
            table.AddRow(
                line.Kind,
                Markup.Escape(line.Name),
                Markup.Escape(new ByteSize(line.UsedBytes).ToString()),
                line.LimitBytes is { } limit ? Markup.Escape(new ByteSize(limit).ToString()) : "-",
                line.Percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                line.Verdict switch { BudgetVerdict.Over => "[red]over[/]", BudgetVerdict.Warning => "[yellow]warning[/]", _ => "ok" });
        }

        console.Write(table);
    }

    private static void ShowGrowth(IAnsiConsole console, string target, IReadOnlyList<GrowthLine> growth, int? limit)
    {
        var title = limit is { } l ? $"{target}: growth (the recipe allows {l}%)" : $"{target}: growth (the recipe sets no limit)";
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Kind", "Name", "Before", "Now", "Growth", "Growth %");
        foreach (var line in growth)
        {
            table.AddRow(
                line.Kind,
                Markup.Escape(line.Name),
                line.PreviousBytes is { } before ? before.ToString(CultureInfo.InvariantCulture) : "new",
                line.CurrentBytes is { } now ? now.ToString(CultureInfo.InvariantCulture) : "removed",
                line.DeltaBytes.ToString("+0;-0;0", CultureInfo.InvariantCulture),
                line.Percent is { } p ? (line.OverLimit ? $"[red]{p.ToString("0.0", CultureInfo.InvariantCulture)}[/]" : p.ToString("0.0", CultureInfo.InvariantCulture)) : "-");
        }

        console.Write(table);
    }
}
