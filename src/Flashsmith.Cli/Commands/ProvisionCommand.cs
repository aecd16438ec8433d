using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith provision IMAGE --device DEV</c>: verifies the image, refuses unsafe devices, asks for
/// confirmation, writes each key with its unit record, reads it back and records it in the factory log.
/// </summary>
public static class ProvisionCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var image = new Argument<FileInfo>("IMAGE") { Description = "A built image; its seal (IMAGE.p7s) and block map (IMAGE.bmap) are beside it" };
        var device = new Option<string[]>("--device", "-d") { Description = "A whole disk to write (repeat for several), or an existing file larger than the image that stands in for a key", HelpName = "DEV", Required = true, AllowMultipleArgumentsPerToken = false };
        var cert = CommonOptions.Certificate();
        var serial = new Option<string?>("--serial") { Description = "The unit's serial number, written to unit.json and unique in the log", HelpName = "S" };
        var hostname = new Option<string?>("--hostname") { Description = "The unit's host name", HelpName = "H" };
        var assetTag = new Option<string?>("--asset-tag") { Description = "The unit's asset tag", HelpName = "A" };
        var units = new Option<FileInfo?>("--units") { Description = "A CSV of units (columns serial, hostname, asset_tag): each device takes the next row the log has not seen provisioned", HelpName = "FILE.csv" };
        var grow = new Option<bool>("--grow") { Description = "Grow the unit partition to fill the key" };
        var allowFixed = new Option<string[]>("--allow-fixed") { Description = "Allow writing this exact non-removable disk (repeat for several); loop devices count as fixed", HelpName = "DEV" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Write without asking; without it, provision asks on the terminal and refuses when there is none" };
        var log = new Option<string>("--log") { Description = "The factory log: a SQLite file, or postgresql://user@host:port/db for a log that stations share", DefaultValueFactory = _ => FactoryLog.DefaultFileName, HelpName = "DB" };
        var json = CommonOptions.Json();
        var command = new Command("provision", "Write a signed image to keys: verified first, unsafe devices refused, every write read back, each unit recorded")
        {
            image, device, cert, serial, hostname, assetTag, units, grow, allowFixed, yes, log, json,
        };
        command.SetAction((result, cancellation) =>
        {
            var devices = result.GetValue(device)!;
            var serialText = result.GetValue(serial);
            var unitsFile = result.GetValue(units);
            if (serialText is not null && unitsFile is not null)
            {
                throw new BadInputException(DiagnosticCodes.Usage, "give either --serial (one unit) or --units FILE.csv (a list), not both");
            }

            if (serialText is null && (result.GetValue(hostname) is not null || result.GetValue(assetTag) is not null))
            {
                throw new BadInputException(DiagnosticCodes.Usage, "--hostname and --asset-tag describe a unit: give its --serial too");
            }

            if (serialText is not null && devices.Length > 1)
            {
                throw new BadInputException(DiagnosticCodes.Usage, $"--serial names one unit, but {devices.Length} devices were given: use --units FILE.csv to give each its own");
            }

            var confirmed = result.GetValue(yes);
            if (!confirmed && !environment.InputIsTerminal)
            {
                throw new BadInputException(DiagnosticCodes.NoTerminal, "provision overwrites devices and asks first, but there is no terminal to answer on: pass --yes to write without asking");
            }

            var request = new ProvisionRequest(
                result.GetValue(image)!.FullName,
                devices,
                result.GetValue(cert)?.FullName,
                CommonOptions.ProjectRoot(result),
                serialText is null ? null : new UnitIdentity(serialText, result.GetValue(hostname), result.GetValue(assetTag)),
                unitsFile is null ? null : UnitsCsv.Read(unitsFile.FullName),
                result.GetValue(grow),
                result.GetValue(allowFixed) ?? [],
                LogLocation(result.GetValue(log)!),
                Environment.MachineName);
            var asJson = result.GetValue(json);
            var declined = false;
            bool Confirm(IReadOnlyList<ProvisionTarget> targets) => confirmed || !(declined = !ProvisionRenderer.Confirm(environment, targets));
            try
            {
                var report = asJson
                    ? Provisioner.Run(request, Confirm, new Progress<KeyProgress>(), TimeProvider.System, cancellation)
                    : ProvisionRenderer.WithProgress(environment, progress => Provisioner.Run(request, Confirm, progress, TimeProvider.System, cancellation));
                if (asJson)
                {
                    environment.Output.Profile.Out.Writer.WriteLine(ProvisionJson.Write(report));
                }
                else
                {
                    ProvisionRenderer.Summary(environment, report);
                }

                foreach (var failed in report.Devices.Where(d => d.Result != AttemptResult.Ok))
                {
                    environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.DeviceFailed, $"{failed.Device}: {failed.Result.ToName()}: {failed.Reason}"));
                }

                return Task.FromResult(report.AllOk ? ExitCodes.Success : declined && report.Devices.All(d => d.Result is AttemptResult.Refused) ? ExitCodes.BadInput : ExitCodes.DeviceFailure);
            }
            catch (OperationCanceledException)
            {
                environment.Error.WriteLine("interrupted: the key being written was recorded as interrupted in the log; it holds no partition table");
                return Task.FromResult(ExitCodes.Interrupted);
            }
        });
        return command;
    }

    /// <summary>A log file's full path, or a database URL as given.</summary>
    internal static string LogLocation(string log) => FactoryLog.IsDatabaseUrl(log) ? log : Path.GetFullPath(log);
}
