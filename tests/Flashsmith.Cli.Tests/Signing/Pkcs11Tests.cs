using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>Signing through a SoftHSM2 token made for the test: sbverify and openssl must accept what it signs.</summary>
public sealed class Pkcs11Tests(SampleBuild build) : IClassFixture<SampleBuild>
{
    private const string Module = "/usr/lib/softhsm/libsofthsm2.so";

    [Fact]
    public void Token_signed_image_passes_sbverify_and_openssl()
    {
        var folder = build.Temp.File("hsm");
        Directory.CreateDirectory(Path.Combine(folder, "tokens"));
        var conf = Path.Combine(folder, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {folder}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n");
        var environment = new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf };
        Check("softhsm2-util", ["--init-token", "--free", "--label", "flashsmith", "--pin", "1234", "--so-pin", "5678"], environment);

        using var rsa = RSA.Create(3072);
        File.WriteAllText(Path.Combine(folder, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        var request = new CertificateRequest("CN=Token signer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(Path.Combine(folder, "cert.der"), certificate.RawData);
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        Check("softhsm2-util", ["--import", Path.Combine(folder, "key.pem"), "--token", "flashsmith", "--label", "signer", "--id", "01", "--pin", "1234"], environment);
        Check("pkcs11-tool", ["--module", Module, "--token-label", "flashsmith", "--login", "--pin", "1234", "--write-object", Path.Combine(folder, "cert.der"), "--type", "cert", "--label", "signer", "--id", "01"], environment);
        File.Delete(Path.Combine(folder, "key.pem"));

        var output = build.Temp.File("out-hsm");
        var run = ExternalTool.Run(
            Environment.ProcessPath!,
            [Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"), "build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", output, "--cache", build.Cache,
             "--key", $"pkcs11:token=flashsmith;object=signer?module-path={Module}"],
            TimeSpan.FromMinutes(3),
            new Dictionary<string, string>(environment) { ["FLASHSMITH_PKCS11_PIN"] = "1234" });

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("signed by CN=Token signer", run.Output, StringComparison.Ordinal);
        var image = Path.Combine(output, SampleBuild.Target, SampleBuild.ImageName);
        var cert = Path.Combine(folder, "cert.pem");
        var seal = ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", image + ".p7s", "-content", image, "-CAfile", cert, "-out", "/dev/null");
        Assert.True(seal.ExitCode == 0, seal.All);
        var extracted = build.Temp.File("hsm-efi");
        Assert.Equal(ExitCodes.Success, CliRun.Of("extract", image, "bootbank:/", "-o", extracted).ExitCode);
        Assert.Equal(ExitCodes.Success, CliRun.Of("extract", image, "esp:/EFI/BOOT/BOOTX64.EFI", "-o", extracted).ExitCode);
        // Every signed component the manifest lists (all but the guests, flat binaries) was extracted, and each one passes.
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(output, SampleBuild.Target, "manifest.json")))!;
        var components = manifest["components"]!.AsArray()
            .Where(c => c!["authenticode"] is not null)
            .Select(c => Path.GetFileName((string)c!["path"]!))
            .Order(StringComparer.Ordinal)
            .ToList();
        var binaries = Directory.EnumerateFiles(extracted, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllBytes(f) is [(byte)'M', (byte)'Z', ..])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(components.Count >= 3, string.Join(", ", components));
        Assert.Equal(components, binaries.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var efi in binaries)
        {
            var verify = ExternalTool.Run("sbverify", "--cert", cert, efi);
            Assert.True(verify.ExitCode == 0 && verify.All.Contains("Signature verification OK", StringComparison.Ordinal), $"{efi}: {verify.All}");
        }
    }

    [Fact]
    public void Pin_in_the_uri_is_refused()
    {
        var run = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", build.Temp.File("out-pin"), "--cache", build.Cache,
            "--key", "pkcs11:token=x;object=y?module-path=/x.so&pin-value=1234");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("holds a pin-value; put the PIN in FLASHSMITH_PKCS11_PIN instead", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", run.Error, StringComparison.Ordinal);
    }

    private static void Check(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var result = ExternalTool.Run(program, arguments, TimeSpan.FromMinutes(1), environment);
        Assert.True(result.ExitCode == 0, $"{program}: {result.All}");
    }
}
