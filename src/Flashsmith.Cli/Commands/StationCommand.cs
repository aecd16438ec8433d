using System.CommandLine;
using Flashsmith.Cli.Rendering;
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
        var cert = new Option<FileInfo?>("--cert") { Description = "The certificate the image must verify against (default: the development certificate)", HelpName = "FILE" };
        var grow = new Option<bool>("--grow") { Description = "Grow each key's unit partition to fill it" };
        var json = new Option<bool>("--json") { Description = "Write one JSON object a line: the station, then every change of a slot's state" };
        var command = new Command("station", "Run an unattended station: provision every key that appears in the slots, until Ctrl-C")
        {
            image, slots, units, log, cert, grow, json,
        };
        command.SetAction((result, cancellation) =>
        {
            var options = new StationOptions(
                result.GetValue(image)!.FullName,
                result.GetValue(cert)?.FullName,
                Environment.CurrentDirectory,
                result.GetValue(units) is { } file ? UnitsCsv.Read(file.FullName) : null,
                result.GetValue(grow),
                SlotPattern.Parse(result.GetValue(slots)!),
                ProvisionCommand.LogLocation(result.GetValue(log)!),
                Environment.MachineName,
                PollInterval);
            var station = new Station(options, BlockDevices.Host, TimeProvider.System);
            var renderer = new StationRenderer(environment, options, result.GetValue(json));
            try
            {
                station.Run(renderer.Ready, renderer.Changed, cancellation);
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
}
