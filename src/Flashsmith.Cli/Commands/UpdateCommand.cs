using System.CommandLine;
using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith update TARGET NEW_IMAGE</c>: writes the new image's boot bank into the bank of an image, a key
/// file or a key device that is not the newest valid one; the next boot tries it once and falls back if it fails.
/// </summary>
public static class UpdateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var target = new Argument<string>("TARGET") { Description = "An image file, a provisioned key file or a key device" };
        var image = new Argument<string>("NEW_IMAGE") { Description = "The signed image whose boot bank to install (its seal and block map beside it)" };
        var downgrade = new Option<bool>("--allow-downgrade") { Description = "Install an older version than the one TARGET boots" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Write without asking; without it, update asks on the terminal and refuses when there is none" };
        var allowFixed = new Option<string[]>("--allow-fixed") { Description = "Allow writing to this fixed (non-removable) disk, named exactly", HelpName = "DEV", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var cert = CommonOptions.Certificate();
        var command = new Command("update", "Install a new image's boot bank into the bank of a key or image that is not running; the next boot tries it once") { target, image, downgrade, yes, allowFixed, cert };
        command.SetAction(result =>
        {
            var confirmed = result.GetValue(yes);
            if (!confirmed && !environment.InputIsTerminal)
            {
                throw new BadInputException(DiagnosticCodes.NoTerminal, "update writes to TARGET and asks first, but there is no terminal to answer on: pass --yes to write without asking");
            }

            var request = new UpdateRequest(result.GetValue(target)!, result.GetValue(image)!, result.GetValue(cert)?.FullName, CommonOptions.ProjectRoot(result))
            {
                AllowDowngrade = result.GetValue(downgrade),
                AllowFixed = result.GetValue(allowFixed) ?? [],
            };
            bool Confirm(ProvisionTarget key)
            {
                if (confirmed)
                {
                    return true;
                }

                environment.Output.Profile.Out.Writer.WriteLine($"update {key.Display} from {Path.GetFileName(request.NewImage)}? type yes to write:");
                return environment.ReadLine()?.Trim() == "yes";
            }

            var report = BankUpdater.Run(request, Confirm, new Progress<UpdatePhase>(), CancellationToken.None);
            var output = environment.Output.Profile.Out.Writer;
            output.WriteLine($"{report.Target}: '{report.Bank}' now holds {report.Version}{(report.Previous is null ? string.Empty : $" (was {report.Previous})")}, updated={report.Updated}, bootstate=1: the next boot tries it once");
            output.WriteLine(report.LoaderReplaced ? "the loader changed and was replaced" : "the loader is the same and was kept");
            if (report.DevelopmentCertificate)
            {
                output.WriteLine($"checked against the DEVELOPMENT certificate: not for release ({report.Certificate})");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
