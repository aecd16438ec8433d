using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Signing;
using Flashsmith.Verification;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith verify IMAGE|KEY</c>: checks an image, or a key with no image at hand; exit 4 naming what failed.</summary>
public static class VerifyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var image = new Argument<string>("IMAGE|KEY") { Description = "A built image (its seal is IMAGE.p7s beside it), or a key: a block device, or a file larger than the image" };
        var cert = CommonOptions.Certificate();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check an image's or a key's seals, partition table, file systems, manifest and every Authenticode signature") { image, cert, json };
        command.SetAction(result =>
        {
            var path = result.GetValue(image)!;
            KeyDisk.RequireExists(path);
            using var trusted = TrustedCertificate.Load(result.GetValue(cert)?.FullName, CommonOptions.ProjectRoot(result));
            var (isKey, checks, unit) = KeyDisk.Verify(path, trusted.Certificate);

            var name = Path.GetFileName(path);
            if (result.GetValue(json))
            {
                environment.Output.Profile.Out.Writer.WriteLine(VerifyJson.Render(isKey ? path : name, isKey, trusted.Certificate.Subject, checks, unit));
            }
            else
            {
                environment.Output.MarkupLine(Markup.Escape($"{(isKey ? "key " + path : name)} against {trusted.Certificate.Subject} (sha256 {trusted.Sha256})"));
                foreach (var check in checks)
                {
                    environment.Output.MarkupLine(check.Passed ? $"  [green]ok[/]     {Markup.Escape(check.Subject)}" : $"  [red]FAILED[/] {Markup.Escape(check.Subject)}: {Markup.Escape(check.Problem!)}");
                }

                if (isKey)
                {
                    environment.Output.MarkupLine(unit is null ? "unit record: none (the key was not provisioned by flashsmith)" : "unit record:");
                    if (unit is not null)
                    {
                        environment.Output.Profile.Out.Writer.WriteLine(unit.TrimEnd());
                    }
                }
            }

            var failed = checks.Where(c => !c.Passed).ToList();
            foreach (var check in failed)
            {
                environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.VerificationFailed, $"{(isKey ? path : name)}: {check.Subject}: {check.Problem}"));
            }

            return failed.Count == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }
}
