using Flashsmith.Devices;
using Flashsmith.Provisioning;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>The disks and their verdicts, as a table for people.</summary>
public static class DevicesRenderer
{
    public static void Render(ProvisionImage? image, IReadOnlyList<SafetyVerdict> verdicts, bool all, IAnsiConsole console)
    {
        if (verdicts.Count == 0)
        {
            console.WriteLine(all ? "no disks found" : "no disks found; --all also lists loop, ram, zram, device-mapper and md devices");
            return;
        }

        var table = new Table().AddColumns("Path", "Vendor", "Model", "Serial", "Size", "Transport", "Removable", "RO", "Mounted", "Verdict");
        if (image is not null)
        {
            table.Title(Markup.Escape($"against {image.Name}, {image.Size}"));
        }

        table.Columns[4].RightAligned();
        foreach (var verdict in verdicts)
        {
            var device = verdict.Target.Device!;
            var mounted = device.Uses.Select(u => u.Holds).Distinct(StringComparer.Ordinal).ToList();
            table.AddRow(
                Markup.Escape(device.Path),
                Text(device.Vendor),
                Text(device.Model),
                Text(device.Serial),
                Markup.Escape(device.Size.ToApproximateString()),
                Markup.Escape(device.Transport.ToString().ToLowerInvariant()),
                device.Removable ? "yes" : "no",
                device.ReadOnly ? "yes" : "no",
                mounted.Count == 0 ? "-" : Markup.Escape(string.Join(", ", mounted)),
                verdict.IsOk ? "[green]ok[/]" : $"[red]{Markup.Escape(verdict.Summary)}[/]");
        }

        console.Write(table);
    }

    private static string Text(string? value) => value is null ? "-" : Markup.Escape(value);
}
