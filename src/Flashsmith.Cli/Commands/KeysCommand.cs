using System.CommandLine;
using Flashsmith.Signing;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith keys generate</c>: makes the development key pair and its self-signed certificate.</summary>
public static class KeysCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Where to put key.pem and cert.pem (default: .flashsmith/keys/dev in the project, where builds look for it)", HelpName = "DIR" };
        var generate = new Command("generate", "Make a development key (RSA 3072) and a self-signed certificate; images signed with it are not for release") { output };
        generate.SetAction(result =>
        {
            var folder = result.GetValue(output)?.FullName ?? DevelopmentKey.DefaultFolder(CommonOptions.ProjectRoot(result));
            DevelopmentKey.Generate(folder);
            environment.Output.MarkupLine(Markup.Escape($"wrote {Path.Combine(folder, DevelopmentKey.KeyFile)} (private: keep it out of images and logs) and {Path.Combine(folder, DevelopmentKey.CertificateFile)}"));
            return ExitCodes.Success;
        });
        return new Command("keys", "Manage signing keys") { generate };
    }
}
