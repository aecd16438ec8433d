using System.Globalization;
using Flashsmith.Disk;
using Flashsmith.Planning;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>The build plan as tables for people.</summary>
public static class PlanRenderer
{
    public static void Render(BuildPlan plan, IAnsiConsole console)
    {
        var summary = new Grid().AddColumn().AddColumn();
        summary.AddRow("[bold]Target[/]", Markup.Escape(plan.Target));
        summary.AddRow("[bold]Recipe[/]", Markup.Escape(string.Join(" → ", plan.RecipeChain)));
        summary.AddRow("[bold]Product[/]", Markup.Escape($"{plan.Product} {plan.Version}"));
        summary.AddRow("[bold]Banner[/]", Markup.Escape(plan.Banner));
        summary.AddRow("[bold]Image[/]", Markup.Escape(plan.ImageFileName));
        summary.AddRow("[bold]Epoch[/]", Markup.Escape($"{plan.Epoch.Time:yyyy-MM-dd'T'HH:mm:ss'Z'} ({plan.Epoch.Seconds}, from {plan.Epoch.Source})"));
        summary.AddRow("[bold]Acceptance[/]", Markup.Escape($"{Lower(plan.MinAcceptance.ToString())} or better"));
        summary.AddRow("[bold]Signing key[/]", Markup.Escape(plan.Signing.Key.ToString()));
        console.Write(summary);
        console.WriteLine();

        var components = new Table().Title("Components").AddColumns("Name", "Version", "Group", "Acceptance", "From", "Goes to", "Why");
        foreach (var c in plan.Components)
        {
            var from = c.SourceFolder is not null ? Display(c.SourceFolder) + "/"
                : c.PrebuiltFile is not null ? Display(c.PrebuiltFile)
                : c.Initramfs is not null ? Display(c.Initramfs.Folder) + "/ (initramfs)"
                : "(text in the recipe)";
            components.AddRow(
                Markup.Escape(c.Name),
                Markup.Escape(c.Version.ToString()),
                Markup.Escape(c.Group),
                Lower(c.Acceptance.ToString()),
                Markup.Escape(from),
                Markup.Escape($"{c.Partition}:{c.PathInPartition}"),
                Markup.Escape(c.Reason));
        }

        console.Write(components);

        var layout = plan.Layout;
        var partitions = new Table()
            .Title(Markup.Escape($"Layout: {layout.FlashSize} flash, {layout.Table.ToString().ToUpperInvariant()}, aligned to {layout.Alignment.ToIecString()}"))
            .AddColumns("#", "Name", "Type", "Offset", "Size", "File system", "Label", "Contents");
        foreach (var p in layout.Partitions)
        {
            partitions.AddRow(
                p.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(p.Name),
                Markup.Escape(p.Type.Name),
                p.Offset.ToOffsetString(),
                Markup.Escape(p.Size.ToString()),
                Lower(p.FileSystem.ToString()),
                Markup.Escape(p.Label),
                Lower(p.Contents.ToString()));
        }

        console.Write(partitions);

        var budget = new Table().Title(Markup.Escape($"Budget (warn at {plan.Budget.WarnPercent}%)")).AddColumns("Limit on", "Name", "Size");
        if (plan.Budget.Image is { } image)
        {
            budget.AddRow("image", "-", Markup.Escape(image.ToString()));
        }

        AddLimits(budget, "partition", plan.Budget.Partitions);
        AddLimits(budget, "group", plan.Budget.Groups);
        AddLimits(budget, "component", plan.Budget.Components);
        if (budget.Rows.Count == 0)
        {
            budget.AddRow("-", "-", "no limits set");
        }

        console.Write(budget);
    }

    private static void AddLimits(Table table, string kind, IReadOnlyDictionary<string, ByteSize> limits)
    {
        foreach (var (name, size) in limits.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            table.AddRow(kind, Markup.Escape(name), Markup.Escape(size.ToString()));
        }
    }

    private static string Display(string path) => Recipes.ProjectFolder.Display(path);

    private static string Lower(string text) => text.ToLowerInvariant();
}
