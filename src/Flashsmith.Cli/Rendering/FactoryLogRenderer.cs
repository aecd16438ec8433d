using System.Globalization;
using Flashsmith.Provisioning;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>The factory log for people: one row per attempt, the essentials only (--csv has every column).</summary>
public static class FactoryLogRenderer
{
    public static void Render(string path, IReadOnlyList<AttemptRecord> attempts, IAnsiConsole console)
    {
        if (attempts.Count == 0)
        {
            console.WriteLine($"no attempts in {path}");
            return;
        }

        var table = new Table().Title(Markup.Escape(path)).AddColumns("Id", "Started (UTC)", "Station", "Device", "Unit serial", "Hostname", "Result", "Seconds", "Reason");
        table.Columns[0].RightAligned();
        table.Columns[7].RightAligned();
        foreach (var attempt in attempts)
        {
            table.AddRow(
                attempt.Id.ToString(CultureInfo.InvariantCulture),
                attempt.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(attempt.Station),
                Markup.Escape(attempt.DevicePath ?? "-"),
                Markup.Escape(attempt.UnitSerial ?? "-"),
                Markup.Escape(attempt.Hostname ?? "-"),
                Result(attempt.Result),
                attempt.Seconds is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(attempt.Reason ?? string.Empty));
        }

        console.Write(table);
    }

    private static string Result(AttemptResult result) => result switch
    {
        AttemptResult.Ok => "[green]ok[/]",
        AttemptResult.Refused => "[yellow]refused[/]",
        _ => $"[red]{result.ToName()}[/]",
    };
}
