using System.CommandLine;
using System.Net;
using Flashsmith.Cli.Rendering;
using Flashsmith.Cli.StationPage;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith station IMAGE --slots PATTERN</c>: an unattended station that provisions every key
/// that appears in its slots until Ctrl-C, showing each slot's state.
/// </summary>
public static class StationCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliEnvironment environment)
    {
        var image = new Argument<FileInfo>("IMAGE") { Description = "A built image; its seal (IMAGE.p7s) and block map (IMAGE.bmap) are beside it" };
        var slots = new Option<string>("--slots") { Description = "The devices this station writes: globs over device paths or sysfs paths, comma-separated (the ports of one hub: /sys/devices/…/usb1/1-2/1-2.*/**)", HelpName = "PATTERN", Required = true };
        var units = new Option<FileInfo?>("--units") { Description = "A CSV of units (columns serial, hostname, asset_tag): each key takes the next row the log has not seen provisioned", HelpName = "FILE.csv" };
        var log = new Option<string>("--log") { Description = "The factory log: a SQLite file, or postgresql://user@host:port/db for a log that stations share", DefaultValueFactory = _ => FactoryLog.DefaultFileName, HelpName = "DB" };
        var cert = CommonOptions.Certificate();
        var grow = new Option<bool>("--grow") { Description = "Grow each key's unit partition to fill it" };
        var json = new Option<bool>("--json") { Description = "Write one JSON object a line: the station, then every change of a slot's state" };
        var listen = new Option<string?>("--listen") { Description = "Serve the live station page (GET only) at this address and port, e.g. 127.0.0.1:8080 or [::1]:8080; port 0 takes a free one", HelpName = "ADDR:PORT" };
        var command = new Command("station", "Run an unattended station: provision every key that appears in the slots, until Ctrl-C")
        {
            image, slots, units, log, cert, grow, json, listen,
        };
        command.SetAction((result, cancellation) =>
        {
            var options = new StationOptions(
                result.GetValue(image)!.FullName,
                result.GetValue(cert)?.FullName,
                CommonOptions.ProjectRoot(result),
                result.GetValue(units) is { } file ? UnitsCsv.Read(file.FullName) : null,
                result.GetValue(grow),
                SlotPattern.Parse(result.GetValue(slots)!),
                ProvisionCommand.LogLocation(result.GetValue(log)!),
                Environment.MachineName,
                PollInterval);
            var endpoint = result.GetValue(listen) is { } address ? ListenAddress(address) : null;
            var station = new Station(options, BlockDevices.Host, TimeProvider.System);
            var board = new StationBoard(StationJson.Render(options, null, null, false));
            using var page = endpoint is null ? null : (environment.StationPage ?? throw new BadInputException(DiagnosticCodes.StationPageMissing, "this build of flashsmith has no station page; run the station without --listen"))(endpoint, board);
            var renderer = new StationRenderer(environment, options, result.GetValue(json), page?.Address);
            void Ready(VerifiedImage verified, string logPath, bool development)
            {
                board.Ready(StationJson.Render(options, verified, logPath, development), station.RecentAttempts(StationBoard.LogRecords));
                renderer.Ready(verified, logPath, development);
            }

            void Changed(SlotState state)
            {
                renderer.Changed(state);
                board.Changed(state, station.RecentAttempts);
            }

            try
            {
                station.Run(Ready, Changed, cancellation);
            }
            catch (OperationCanceledException)
            {
                environment.Error.WriteLine("interrupted: the station stopped; every key still being written was recorded as interrupted in the log");
                return Task.FromResult(ExitCodes.Interrupted);
            }

            throw new InvalidOperationException("the station stopped without being interrupted");
        });
        return command;
    }

    /// <summary>An address and port, as <c>127.0.0.1:8080</c> or <c>[::1]:8080</c>.</summary>
    internal static IPEndPoint ListenAddress(string text)
    {
        var hasPort = text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;
        if (!hasPort || !IPEndPoint.TryParse(text, out var endpoint))
        {
            throw new BadInputException(DiagnosticCodes.StationListen, $"--listen '{text}': not an IP address and port; write it as 127.0.0.1:8080, or [::1]:8080 for IPv6");
        }

        return endpoint;
    }
}
