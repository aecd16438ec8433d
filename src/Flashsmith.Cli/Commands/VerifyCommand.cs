using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Signing;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith verify IMAGE</c>: checks an image offline; exit 4 naming what failed.</summary>
public static class VerifyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var image = new Argument<FileInfo>("IMAGE") { Description = "A built image; its seal is IMAGE.p7s beside it" };
        var cert = new Option<FileInfo?>("--cert") { Description = "The trusted certificate, PEM or DER (default: the development certificate in .flashsmith/keys/dev)", HelpName = "FILE" };
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check an image's seal, partition table, file systems, manifest and every Authenticode signature") { image, cert, json };
        command.SetAction(result =>
        {
            var file = result.GetValue(image)!;
            if (!file.Exists)
            {
                throw new BadInputException($"{file.FullName} does not exist");
            }

            var certificatePath = result.GetValue(cert)?.FullName ?? Path.Combine(DevelopmentKey.DefaultFolder(Environment.CurrentDirectory), DevelopmentKey.CertificateFile);
            using var trusted = LoadCertificate(certificatePath, result.GetValue(cert) is null);
            var checks = ImageVerifier.Verify(file.FullName, trusted);
            if (result.GetValue(json))
            {
                var document = new JsonObject
                {
                    ["image"] = file.Name,
                    ["certificate"] = trusted.Subject,
                    ["passed"] = checks.All(c => c.Passed),
                    ["checks"] = new JsonArray(checks.Select(c => (JsonNode?)new JsonObject { ["check"] = c.Subject, ["passed"] = c.Passed, ["problem"] = c.Problem }).ToArray()),
                };
                environment.Output.Profile.Out.Writer.WriteLine(document.ToJsonString(JsonOutput.Options));
            }
            else
            {
                environment.Output.MarkupLine(Markup.Escape($"{file.Name} against {trusted.Subject} (sha256 {trusted.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()})"));
                foreach (var check in checks)
                {
                    environment.Output.MarkupLine(check.Passed ? $"  [green]ok[/]     {Markup.Escape(check.Subject)}" : $"  [red]FAILED[/] {Markup.Escape(check.Subject)}: {Markup.Escape(check.Problem!)}");
                }
            }

            var failed = checks.Where(c => !c.Passed).ToList();
            foreach (var check in failed)
            {
                environment.Error.WriteLine($"error: {file.Name}: {check.Subject}: {check.Problem}");
            }

            return failed.Count == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private static X509Certificate2 LoadCertificate(string path, bool isDefault)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException(isDefault
                ? "verify needs the trusted certificate: pass --cert FILE (there is no development certificate in .flashsmith/keys/dev)"
                : $"the certificate {path} does not exist");
        }

        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new BadInputException($"cannot read the certificate {Path.GetFileName(path)}: {ex.Message}");
        }
    }
}
