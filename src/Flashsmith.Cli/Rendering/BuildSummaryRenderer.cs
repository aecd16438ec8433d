using System.Globalization;
using Flashsmith.Budget;
using Flashsmith.Disk;
using Flashsmith.Pipeline;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// The end of a build: per target, its image (with <c>--verbose</c>, a table of its partitions' sizes, used and free
/// space), the budget lines near or over their limits, the image's SHA-256 and signer; then one table of every target's
/// verdict. Every size is written in one form, as the summary table writes it. A build with
/// nothing to do says so, with each target's image, budget lines and signer, and the same table.
/// </summary>
public static class BuildSummaryRenderer
{
    // Styled text, not markup: nothing here needs parsing, and a build with nothing to do is mostly this page.
    private static readonly Style Red = new(Color.Red);
    private static readonly Style Yellow = new(Color.Yellow);
    private static readonly Style Green = new(Color.Green);
    private static readonly Style BoldYellow = new(Color.Yellow, decoration: Decoration.Bold);

    public static void Render(BuildResult result, IAnsiConsole console, bool verbose = false)
    {
        var compile = result.Compile;
        var remote = compile.Remote is null ? string.Empty : $", {compile.RemoteObjects} object{Plural(compile.RemoteObjects)} and {compile.RemoteImages} image{Plural(compile.RemoteImages)} from the remote cache";
        Line(console, $"compiled {compile.Compiled} source{Plural(compile.Compiled)}, linked {compile.Linked} image{Plural(compile.Linked)}, {compile.CachedObjects} object{Plural(compile.CachedObjects)} from the cache{remote} ({compile.Toolchain.CompilerVersion})");
        foreach (var target in result.Targets)
        {
            RenderTarget(target, console, verbose);
        }

        var summary = new List<(string, Style?)[]>();
        foreach (var target in result.Targets)
        {
            var used = target.Volumes.Values.Sum(v => v.Geometry.OverheadBytes + v.UsedBytes);
            var free = target.Volumes.Values.Sum(v => v.FreeBytes);
            summary.Add(
            [
                (target.Plan.Target, null),
                (new ByteSize(used).ToApproximateString(), null),
                (new ByteSize(free).ToApproximateString(), null),
                Verdict(target),
                target.Output is null ? ("-", null) : Signer(target.Output),
                (target.Duration.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture), null),
            ]);
        }

        console.Write(SummaryTable(summary));
    }

    public static void Render(UpToDateBuild build, IAnsiConsole console)
    {
        var count = build.Targets.Count;
        Line(console, $"nothing to build: the inputs, tools and outputs of {count} target{Plural(count)} are as the last build left them");
        var summary = new List<(string, Style?)[]>();
        foreach (var target in build.Targets)
        {
            Line(console, $"{target.Target}: {Recipes.ProjectFolder.Display(target.Output.ImagePath)}");
            RenderBudget(target.Flagged, console);
            RenderOutput(target.Output, "up to date, nothing written", console);
            summary.Add(
            [
                (target.Target, null),
                (new ByteSize(target.UsedBytes).ToApproximateString(), null),
                (new ByteSize(target.FreeBytes).ToApproximateString(), null),
                Verdict(target.Verdict),
                Signer(target.Output),
                ("-", null),
            ]);
        }

        console.Write(SummaryTable(summary));
    }

    /// <summary>
    /// One row per target. Its headings are plain text and say what it is: a title or a heading given as a string would
    /// be parsed as markup, and loading Spectre's emoji table to print one word took about 3 % of a build with nothing to do.
    /// </summary>
    private static Table SummaryTable(IEnumerable<(string Text, Style? Style)[]> rows)
    {
        var table = new Table();
        foreach (var heading in SummaryHeadings)
        {
            table.AddColumn(new TableColumn(new Text(heading)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell.Text, cell.Style)));
        }

        return table;
    }

    private static readonly string[] SummaryHeadings = ["Target", "Used", "Free", "Budget", "Signature", "Time"];

    /// <summary>A table with plain column headings under a title, which is markup, as Spectre renders every table title.</summary>
    private static Table Table(string title, params string[] columns)
    {
        var table = new Table { Title = new TableTitle(title) };
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    private static (string, Style?) Signer(EmitOutput output) =>
        output.Signature.Development ? ("development key", Yellow) : (output.Signature.Subject, (Style?)null);

    private static void RenderTarget(TargetResult target, IAnsiConsole console, bool verbose)
    {
        var title = target.Output is null ? $"{target.Plan.Target}: failed" : $"{target.Plan.Target}: {Recipes.ProjectFolder.Display(target.Output.ImagePath)}";
        if (verbose)
        {
            RenderPartitions(target, title, console);
        }
        else
        {
            Line(console, title);
        }

        RenderBudget(target.Budget?.Flagged ?? [], console);
        if (target.Output is { } output)
        {
            var how = output.UpToDate ? "up to date, nothing written" : "built";
            RenderOutput(output, $"{how} in {target.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s", console);
        }
    }

    /// <summary>The target's partitions: file system, size, used and free space.</summary>
    private static void RenderPartitions(TargetResult target, string title, IAnsiConsole console)
    {
        var table = Table(Markup.Escape(title), "Partition", "File system", "Size", "Used", "Free");
        foreach (var partition in target.Plan.Layout.Partitions)
        {
            if (target.Volumes.TryGetValue(partition.Name, out var volume))
            {
                table.AddRow(
                    new Text(partition.Name),
                    new Text(volume.Geometry.Type.ToString().ToUpperInvariant()),
                    new Text(partition.Size.ToApproximateString()),
                    new Text(new ByteSize(volume.UsedBytes).ToApproximateString()),
                    new Text(new ByteSize(volume.FreeBytes).ToApproximateString()));
            }
            else
            {
                table.AddRow(new Text(partition.Name), new Text(target.Output is null ? "-" : "none"), new Text(partition.Size.ToApproximateString()), new Text("-"), new Text("-"));
            }
        }

        console.Write(table);
    }

    /// <summary>The budget lines near or over their limits.</summary>
    private static void RenderBudget(IReadOnlyList<BudgetLine> flagged, IAnsiConsole console)
    {
        foreach (var line in flagged)
        {
            var percent = line.Percent!.Value.ToString("0.0", CultureInfo.InvariantCulture);
            var text = $": {line.Kind} '{line.Name}' uses {new ByteSize(line.UsedBytes)}, {percent}% of its {new ByteSize(line.LimitBytes!.Value).ToIecString()} limit";
            Line(console, "  ", line.Verdict == BudgetVerdict.Over ? ("over budget", Red) : ("warning", Yellow), text);
        }
    }

    /// <summary>The image's hash, its signer, and what became of it.</summary>
    private static void RenderOutput(EmitOutput output, string outcome, IAnsiConsole console)
    {
        Line(console, $"  sha256 {output.ImageSha256}");
        var signature = output.Signature;
        if (signature.Development)
        {
            Line(console, "  ", ("signed with the DEVELOPMENT key", BoldYellow), $": not for release ({signature.Subject})");
        }
        else
        {
            Line(console, $"  signed by {signature.Subject} (certificate sha256 {signature.CertificateSha256})");
        }

        Line(console, $"  {outcome}");
    }

    private static (string, Style?) Verdict(TargetResult target) => target.Failure switch
    {
        BudgetExceededException => ("over", Red),
        not null => ("failed", Red),
        _ => Verdict(target.Budget?.Verdict ?? BudgetVerdict.Ok),
    };

    private static (string, Style?) Verdict(BudgetVerdict verdict) => verdict == BudgetVerdict.Warning ? ("warning", Yellow) : ("ok", Green);

    /// <summary>One line of plain text; where there is no colour to show (output to a file or pipe), straight to the writer.</summary>
    private static void Line(IAnsiConsole console, string text)
    {
        if (console.Profile.Capabilities.Ansi)
        {
            console.WriteLine(text);
        }
        else
        {
            console.Profile.Out.Writer.WriteLine(text);
        }
    }

    /// <summary>One line: plain text, a styled word, plain text.</summary>
    private static void Line(IAnsiConsole console, string before, (string Text, Style Style) styled, string after)
    {
        if (console.Profile.Capabilities.Ansi)
        {
            console.Write(new Paragraph().Append(before).Append(styled.Text, styled.Style).Append(after));
            console.WriteLine();
        }
        else
        {
            console.Profile.Out.Writer.WriteLine(before + styled.Text + after);
        }
    }

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
