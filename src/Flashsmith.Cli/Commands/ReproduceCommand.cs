using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Pipeline;
using Flashsmith.Reproducibility;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith reproduce [RECIPE|DIR]</c>: builds the targets twice in fresh copies under varied
/// conditions, or once against a published folder, and compares every output; exit 4 on a mismatch.
/// </summary>
public static class ReproduceCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var path = new Argument<string?>("RECIPE|DIR")
        {
            Description = "A recipe file, or a recipes folder whose oem/ targets are reproduced (default: every target under --recipes)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var target = new Option<string?>("--target", "-t") { Description = "Reproduce only this OEM target (recipes/oem/NAME.yaml)", HelpName = "NAME" };
        var all = new Option<bool>("--all") { Description = "Reproduce every target under the recipes folder (the default when no recipe or target is named)" };
        var against = new Option<DirectoryInfo?>("--against") { Description = "Compare one fresh build with this published release folder instead of building twice", HelpName = "DIR" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary workspaces and print where they are" };
        var key = CommonOptions.Key();
        var release = new Option<bool>("--release") { Description = "Reproduce release builds (as build --release)" };
        var recipes = CommonOptions.Recipes();
        var json = CommonOptions.Json();
        var command = new Command("reproduce", "Build twice from scratch under varied conditions (or once against a release folder) and compare every output byte for byte")
        {
            path, target, all, against, keep, key, release, recipes, json,
        };
        command.SetAction((result, cancellation) =>
        {
            if (result.GetValue(all) && (result.GetValue(target) is not null || result.GetValue(path) is not null))
            {
                throw new BadInputException(DiagnosticCodes.Usage, "--all reproduces every target; leave out --target and RECIPE");
            }

            if (result.GetValue(against) is { } folder && !folder.Exists)
            {
                throw new BadInputException(DiagnosticCodes.InputMissing, $"{folder.FullName} does not exist");
            }

            var plans = BuildCommand.Plans(environment, result.GetValue(path), result.GetValue(target), CommonOptions.RecipesFolder(result, recipes));
            var asked = new ReproduceArguments(result.GetValue(path), result.GetValue(target), CommonOptions.RecipesFolder(result, recipes).FullName, result.GetValue(key), result.GetValue(release), result.GetValue(against)?.FullName, result.GetValue(keep));
            var request = ReproducePlanner.Request(plans, asked, Self(), environment.Variable);
            return RunAsync(environment, request, result.GetValue(json), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, ReproduceRequest request, bool json, CancellationToken cancellation)
    {
        var progress = new LineProgress(line =>
        {
            if (!json)
            {
                environment.Output.MarkupLine(Markup.Escape(line));
            }
        });
        var report = await Reproducer.RunAsync(request, progress, cancellation).ConfigureAwait(false);
        var versus = request.Against is null ? "the second build" : "the release folder";
        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(ReproduceJson.Write(report, request.Against));
        }
        else if (report.Reproducible)
        {
            environment.Output.MarkupLine($"[green]reproducible:[/] {report.Identical.Count} outputs identical");
            foreach (var output in report.Identical)
            {
                environment.Output.Profile.Out.Writer.WriteLine($"  {output.Sha256}  {output.Output}");
            }
        }
        else
        {
            environment.Output.MarkupLine($"[red]not reproducible:[/] {report.Differences.Count} of {report.Differences.Count + report.Identical.Count} outputs differ from {versus}");
            foreach (var difference in report.Differences)
            {
                var at = difference.FirstOffset is { } offset ? $": first difference at {OutputComparer.Offset(offset)}" : string.Empty;
                environment.Output.Profile.Out.Writer.WriteLine($"  {difference.Output}{at}");
                foreach (var detail in difference.Details)
                {
                    environment.Output.Profile.Out.Writer.WriteLine($"      {detail}");
                }
            }

            foreach (var cause in report.Causes)
            {
                environment.Output.Profile.Out.Writer.WriteLine($"cause: {cause}");
            }
        }

        foreach (var kept in report.KeptFolders)
        {
            if (!json)
            {
                environment.Output.Profile.Out.Writer.WriteLine($"kept: {kept}");
            }
        }

        foreach (var difference in report.Differences)
        {
            var at = difference.FirstOffset is { } offset ? $", first at {OutputComparer.Offset(offset)}" : $": {string.Join("; ", difference.Details)}";
            environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.NotReproduced, $"{difference.Output} differs from {versus}{at}"));
        }

        if (report.Identical.Count == 0 && report.Differences.Count == 0)
        {
            environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.NotReproduced, "the builds wrote no outputs to compare"));
        }

        return report.Reproducible ? ExitCodes.Success : ExitCodes.VerificationFailed;
    }

    /// <summary>How to start this flashsmith again: the portable build through dotnet, or the native program itself.</summary>
    private static IReadOnlyList<string> Self()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll");
        if (File.Exists(dll))
        {
            var host = Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
            return [host, dll];
        }

        return [Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown")];
    }

    /// <summary>Reports on the caller's thread, in order: Progress&lt;T&gt; would post to the thread pool.</summary>
    private sealed class LineProgress(Action<string> write) : IProgress<string>
    {
        public void Report(string value) => write(value);
    }
}
