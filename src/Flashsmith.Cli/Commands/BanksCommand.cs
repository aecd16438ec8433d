using System.CommandLine;
using System.Globalization;
using Flashsmith.Boot;
using Flashsmith.Cli.Rendering;
using Flashsmith.Devices;
using Flashsmith.Signing;
using Flashsmith.Verification;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith banks TARGET</c>: each boot bank's product, version, build, updated, state, whether it verifies, and which boots next.</summary>
public static class BanksCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var target = new Argument<string>("TARGET") { Description = "An image file, a key file or a key device" };
        var cert = CommonOptions.Certificate();
        var json = CommonOptions.Json();
        var command = new Command("banks", "Show the boot banks of an image or key: what each holds, its state, whether it verifies, and which boots next") { target, cert, json };
        command.SetAction(result =>
        {
            var path = result.GetValue(target)!;
            KeyDisk.RequireExists(path);

            using var trusted = TrustedCertificate.Load(result.GetValue(cert)?.FullName, CommonOptions.ProjectRoot(result));
            BankTable banks;
            using (var disk = DeviceStream.OpenRead(path))
            {
                banks = BankReader.Read(disk, trusted.Certificate);
            }

            if (result.GetValue(json))
            {
                environment.Output.Profile.Out.Writer.WriteLine(BanksJson.Render(path, banks));
            }
            else
            {
                var table = new Table().AddColumns("Bank", "Product", "Version", "Build", "Updated", "State", "Verifies", "Next");
                foreach (var b in banks.Banks)
                {
                    table.AddRow(
                        Markup.Escape(b.Partition),
                        Markup.Escape(b.Product ?? "-"),
                        Markup.Escape(b.Version ?? "-"),
                        Markup.Escape(b.Config?.Build ?? "-"),
                        b.Config?.Updated.ToString(CultureInfo.InvariantCulture) ?? "-",
                        BanksJson.State(b),
                        b.IsEmpty ? "-" : b.Verifies ? "yes" : "[red]no[/]",
                        b == banks.Next ? "next" : string.Empty);
                }

                environment.Output.Write(table);
                foreach (var b in banks.Banks)
                {
                    foreach (var problem in b.Problems)
                    {
                        environment.Output.MarkupLine(Markup.Escape($"{b.Partition}: {problem}"));
                    }
                }

                environment.Output.MarkupLine(Markup.Escape(banks.Next is null ? "next boot: no bootable bank (the loader halts)" : $"next boot: {banks.Next.Partition} ({banks.Next.Version})"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
