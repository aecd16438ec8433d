using System.CommandLine;
using Flashsmith.Boot.Measurement;
using Flashsmith.Cli.Rendering;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Verification;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith pcr TARGET</c>: the value of the PCR the loader measures each boot bank into (SHA-256 bank of the TPM),
/// predicted from the image or key alone; <c>--json</c> gives each bank's events too.
/// </summary>
public static class PcrCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var target = new Argument<string>("TARGET") { Description = "An image file, a key file or a key device" };
        var bank = new Option<string?>("--bank") { Description = "Only this boot bank (its partition name, as 'banks' shows it)", HelpName = "NAME" };
        var json = CommonOptions.Json();
        var command = new Command("pcr", $"Predict PCR {MeasuredBoot.Pcr} (SHA-256) for a boot of each bank of an image or key, as the loader measures it") { target, bank, json };
        command.SetAction(result =>
        {
            var path = result.GetValue(target)!;
            KeyDisk.RequireExists(path);
            IReadOnlyList<BankMeasurement> banks;
            try
            {
                using var disk = DeviceStream.OpenRead(path);
                banks = PcrPredictor.Predict(disk);
            }
            catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
            {
                throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{path}: {ex.Message}");
            }

            if (result.GetValue(bank) is { } name)
            {
                var chosen = banks.Where(b => b.Bank == name).ToList();
                if (chosen.Count == 0)
                {
                    throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{path} has no boot bank '{name}'; its banks: {(banks.Count == 0 ? "none" : string.Join(", ", banks.Select(b => b.Bank)))}");
                }

                banks = chosen;
            }

            if (result.GetValue(json))
            {
                environment.Output.Profile.Out.Writer.WriteLine(PcrJson.Write(path, banks).ToJsonString(JsonOutput.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("Bank", "Version", $"PCR {MeasuredBoot.Pcr} (sha256)", "Events");
            foreach (var b in banks)
            {
                table.AddRow(Markup.Escape(b.Bank), Markup.Escape(b.Version ?? "-"), b.Value ?? "[red]does not boot[/]", b.Problem is null ? b.Events.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-");
            }

            environment.Output.Write(table);
            foreach (var b in banks.Where(b => b.Problem is not null))
            {
                environment.Output.MarkupLine(Markup.Escape($"{b.Bank}: {b.Problem}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
