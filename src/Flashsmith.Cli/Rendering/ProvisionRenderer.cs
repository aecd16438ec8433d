using System.Globalization;
using Flashsmith.Disk;
using Flashsmith.Provisioning;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>provision for people: the confirmation question, a progress line per device, and the final table with every reason.</summary>
public static class ProvisionRenderer
{
    /// <summary>Lists the devices about to be overwritten and asks for "yes" on the terminal.</summary>
    public static bool Confirm(CliEnvironment environment, IReadOnlyList<ProvisionTarget> targets)
    {
        var console = environment.Output;
        console.MarkupLine(targets.Count == 1 ? "[bold]This device will be overwritten:[/]" : $"[bold]These {targets.Count} devices will be overwritten:[/]");
        foreach (var target in targets)
        {
            var device = target.Device;
            var name = string.Join(' ', new[] { device?.Vendor, device?.Model }.Where(p => !string.IsNullOrWhiteSpace(p)));
            console.MarkupLine(Markup.Escape($"  {target.Display}  {(name.Length > 0 ? name : "-")}  serial {device?.Serial ?? "-"}  {target.Size.ToApproximateString()} ({target.Size.Bytes} bytes)"));
        }

        var writer = console.Profile.Out.Writer;
        writer.Write($"Type 'yes' to write {(targets.Count == 1 ? "it" : "them")}: ");
        writer.Flush();
        return string.Equals(environment.ReadLine()?.Trim(), "yes", StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress line per device on a terminal (slot, device, unit serial,
    /// phase, percent, rate), and a plain line at each phase otherwise. Reports arrive one at a time.
    /// </summary>
    public static T WithProgress<T>(CliEnvironment environment, Func<IProgress<KeyProgress>, T> work)
    {
        var console = environment.Output;
        if (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
        {
            return console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .Start(context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    return work(new Reporter(p =>
                    {
                        if (!tasks.TryGetValue(p.Slot, out var task))
                        {
                            task = tasks[p.Slot] = context.AddTask(Describe(p), autoStart: true, maxValue: 1);
                        }

                        task.Description = Describe(p);
                        if (p.Total > 0)
                        {
                            task.MaxValue = p.Total;
                            task.Value = p.Done;
                        }

                        if (p.Phase is KeyPhase.Done or KeyPhase.Failed)
                        {
                            task.StopTask();
                        }
                    }));
                });
        }

        var phases = new Dictionary<string, KeyPhase>(StringComparer.Ordinal);
        return work(new Reporter(p =>
        {
            if (!phases.TryGetValue(p.Slot, out var last) || last != p.Phase)
            {
                phases[p.Slot] = p.Phase;
                console.Profile.Out.Writer.WriteLine($"slot {p.Slot} {p.Device} {p.UnitSerial ?? "-"}: {PhaseName(p.Phase)}{(p.Total > 1 ? $" ({new ByteSize(p.Total).ToApproximateString()})" : string.Empty)}");
            }
        }));
    }

    /// <summary>The word for a phase, as progress lines and the station show it.</summary>
    public static string PhaseName(KeyPhase phase) => phase.ToString().ToLowerInvariant();

    private static string Describe(KeyProgress p)
    {
        var colour = p.Phase switch
        {
            KeyPhase.Done => "green",
            KeyPhase.Failed => "red",
            _ => "yellow",
        };
        return $"[bold]{p.Slot,2}[/] {Markup.Escape(p.Device)} {Markup.Escape(p.UnitSerial ?? "-")} [{colour}]{PhaseName(p.Phase),-9}[/]";
    }

    public static void Summary(CliEnvironment environment, ProvisionReport report)
    {
        var console = environment.Output;
        console.MarkupLine(Markup.Escape($"image {report.Image.Name} (sha256 {report.Image.Sha256}), {report.Image.Statement.Target} {report.Image.Statement.Version}, verified against {report.CertificateSubject}"));
        if (report.DevelopmentCertificate)
        {
            console.MarkupLine("[bold red]verified against the DEVELOPMENT certificate: these keys are not for release[/]");
        }

        var table = new Table().Title("Keys").AddColumns("Slot", "Device", "Unit serial", "Host name", "Result", "Written", "Seconds", "Reason");
        for (var i = 0; i < report.Devices.Count; i++)
        {
            var d = report.Devices[i];
            var result = d.Result == AttemptResult.Ok ? "[green]ok[/]" : $"[red]{d.Result.ToName()}[/]";
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(d.Device),
                Markup.Escape(d.Unit?.Serial ?? "-"),
                Markup.Escape(d.Unit?.Hostname ?? "-"),
                result,
                Markup.Escape(new ByteSize(d.BytesWritten).ToApproximateString()),
                d.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(d.Reason ?? string.Empty));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape($"log: {report.LogPath}"));
    }

    /// <summary>Reports on the reporting thread, at once.</summary>
    private sealed class Reporter(Action<KeyProgress> report) : IProgress<KeyProgress>
    {
        public void Report(KeyProgress value) => report(value);
    }
}
