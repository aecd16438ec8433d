using System.CommandLine;
using System.Globalization;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith log</c>: the factory log's attempts, as a table, JSON or CSV.</summary>
public static class LogCommand
{
    private static readonly string[] SinceFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var log = new Option<string>("--log") { Description = "The factory log: a SQLite file, or postgresql://user@host:port/db", DefaultValueFactory = _ => FactoryLog.DefaultFileName, HelpName = "DB" };
        var since = new Option<string?>("--since") { Description = "Only attempts started at or after this time, UTC unless it says otherwise: 2026-11-28 or 2026-11-28T14:30:00Z", HelpName = "T" };
        var serial = new Option<string?>("--serial") { Description = "Only attempts for this unit serial", HelpName = "S" };
        var json = CommonOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Write CSV with every column instead of a table" };
        var command = new Command("log", "Show the factory log: every attempt to provision a device and how it ended") { log, since, serial, json, csv };
        command.SetAction(result => Run(environment, result.GetValue(log)!, result.GetValue(since), result.GetValue(serial), result.GetValue(json), result.GetValue(csv)));
        return command;
    }

    private static int Run(CliEnvironment environment, string path, string? since, string? serial, bool json, bool csv)
    {
        if (json && csv)
        {
            throw new BadInputException(DiagnosticCodes.Usage, "--json and --csv cannot be used together");
        }

        var from = since is null ? (DateTimeOffset?)null : ParseSince(since);
        var full = ProvisionCommand.LogLocation(path);
        if (!FactoryLog.IsDatabaseUrl(full) && !File.Exists(full))
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"no factory log at {full}");
        }

        using var factoryLog = FactoryLog.Open(full);
        var attempts = factoryLog.Query(from, serial);
        var output = environment.Output.Profile.Out.Writer;
        if (json)
        {
            output.WriteLine(FactoryLogJson.Write(attempts));
        }
        else if (csv)
        {
            output.Write(FactoryLogCsv.Write(attempts));
        }
        else
        {
            FactoryLogRenderer.Render(factoryLog.Path, attempts, environment.Output);
        }

        return ExitCodes.Success;
    }

    private static DateTimeOffset ParseSince(string value) =>
        DateTimeOffset.TryParseExact(value, SinceFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new BadInputException(DiagnosticCodes.Usage, $"--since '{value}' is neither a date (2026-11-28) nor an ISO-8601 time (2026-11-28T14:30:00Z)");
}
