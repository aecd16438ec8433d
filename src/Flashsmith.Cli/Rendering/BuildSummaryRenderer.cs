using System.Globalization;
using Flashsmith.Budget;
using Flashsmith.Disk;
using Flashsmith.Pipeline;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// The end of a build: per target, its partitions' used and free bytes, the budget lines near or over
/// their limits, the image's SHA-256 and signer; then one table of every target's verdict. A build with
/// nothing to do says so, with each target's image, budget lines and signer, and the same table.
/// </summary>
public static class BuildSummaryRenderer
{
    public static void Render(BuildResult result, IAnsiConsole console)
    {
        var compile = result.Compile;
        var remote = compile.Remote is null ? string.Empty : $", {compile.RemoteObjects} object{Plural(compile.RemoteObjects)} and {compile.RemoteImages} image{Plural(compile.RemoteImages)} from the remote cache";
        console.MarkupLine(Markup.Escape($"compiled {compile.Compiled} source{Plural(compile.Compiled)}, linked {compile.Linked} image{Plural(compile.Linked)}, {compile.CachedObjects} object{Plural(compile.CachedObjects)} from the cache{remote} ({compile.Toolchain.CompilerVersion})"));
        foreach (var target in result.Targets)
        {
            RenderTarget(target, console);
        }

        var summary = new Table().Title("Targets").AddColumns("Target", "Used", "Free", "Budget", "Signature", "Time");
        foreach (var target in result.Targets)
        {
            var used = target.Volumes.Values.Sum(v => v.Geometry.OverheadBytes + v.UsedBytes);
            var free = target.Volumes.Values.Sum(v => v.FreeBytes);
            summary.AddRow(
                Markup.Escape(target.Plan.Target),
                Markup.Escape(new ByteSize(used).ToApproximateString()),
                Markup.Escape(new ByteSize(free).ToApproximateString()),
                Verdict(target),
                target.Output is null ? "-" : Signer(target.Output),
                target.Duration.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture));
        }

        console.Write(summary);
    }

    public static void Render(UpToDateBuild build, IAnsiConsole console)
    {
        var count = build.Targets.Count;
        console.MarkupLine(Markup.Escape($"nothing to build: the inputs, tools and outputs of {count} target{Plural(count)} are as the last build left them"));
        var summary = new Table().Title("Targets").AddColumns("Target", "Used", "Free", "Budget", "Signature", "Time");
        foreach (var target in build.Targets)
        {
            console.MarkupLine(Markup.Escape($"{target.Target}: {Recipes.ProjectFolder.Display(target.Output.ImagePath)}"));
            RenderBudget(target.Budget, console);
            RenderOutput(target.Output, "up to date, nothing written", console);
            summary.AddRow(
                Markup.Escape(target.Target),
                Markup.Escape(new ByteSize(target.UsedBytes).ToApproximateString()),
                Markup.Escape(new ByteSize(target.FreeBytes).ToApproximateString()),
                Verdict(target.Budget.Verdict),
                Signer(target.Output),
                "-");
        }

        console.Write(summary);
    }

    private static string Signer(EmitOutput output) =>
        output.Signature.Development ? "[yellow]development key[/]" : Markup.Escape(output.Signature.Subject);

    private static void RenderTarget(TargetResult target, IAnsiConsole console)
    {
        var title = target.Output is null ? $"{target.Plan.Target}: failed" : $"{target.Plan.Target}: {Recipes.ProjectFolder.Display(target.Output.ImagePath)}";
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Partition", "File system", "Size", "Used", "Free");
        foreach (var partition in target.Plan.Layout.Partitions)
        {
            if (target.Volumes.TryGetValue(partition.Name, out var volume))
            {
                table.AddRow(
                    Markup.Escape(partition.Name),
                    volume.Geometry.Type.ToString().ToUpperInvariant(),
                    Markup.Escape(partition.Size.ToString()),
                    Markup.Escape(new ByteSize(volume.UsedBytes).ToString()),
                    Markup.Escape(new ByteSize(volume.FreeBytes).ToString()));
            }
            else
            {
                table.AddRow(Markup.Escape(partition.Name), target.Output is null ? "-" : "none", Markup.Escape(partition.Size.ToString()), "-", "-");
            }
        }

        console.Write(table);
        RenderBudget(target.Budget, console);
        if (target.Output is { } output)
        {
            var how = output.UpToDate ? "up to date, nothing written" : "built";
            RenderOutput(output, $"{how} in {target.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s", console);
        }
    }

    /// <summary>The budget lines near or over their limits.</summary>
    private static void RenderBudget(BudgetReport? budget, IAnsiConsole console)
    {
        foreach (var line in budget?.Lines.Where(l => l.Verdict != BudgetVerdict.Ok) ?? [])
        {
            var percent = line.Percent!.Value.ToString("0.0", CultureInfo.InvariantCulture);
            var text = Markup.Escape($"{line.Kind} '{line.Name}' uses {new ByteSize(line.UsedBytes)}, {percent}% of its {new ByteSize(line.LimitBytes!.Value).ToIecString()} limit");
            console.MarkupLine(line.Verdict == BudgetVerdict.Over ? $"  [red]over budget[/]: {text}" : $"  [yellow]warning[/]: {text}");
        }
    }

    /// <summary>The image's hash, its signer, and what became of it.</summary>
    private static void RenderOutput(EmitOutput output, string outcome, IAnsiConsole console)
    {
        console.MarkupLine(Markup.Escape($"  sha256 {output.ImageSha256}"));
        var signature = output.Signature;
        console.MarkupLine(signature.Development
            ? $"  [bold yellow]signed with the DEVELOPMENT key[/]: not for release ({Markup.Escape(signature.Subject)})"
            : Markup.Escape($"  signed by {signature.Subject} (certificate sha256 {signature.CertificateSha256})"));
        console.MarkupLine(Markup.Escape($"  {outcome}"));
    }

    private static string Verdict(TargetResult target) => target.Failure switch
    {
        BudgetExceededException => "[red]over[/]",
        not null => "[red]failed[/]",
        _ => Verdict(target.Budget?.Verdict ?? BudgetVerdict.Ok),
    };

    private static string Verdict(BudgetVerdict verdict) => verdict == BudgetVerdict.Warning ? "[yellow]warning[/]" : "[green]ok[/]";

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
