using System.Security.Cryptography;
using System.Text;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>Where signing keys come from, what a release refuses, and that no private key material leaks.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeyTests(SampleBuild build) : IClassFixture<SampleBuild>
{
    [Fact]
    public void Keys_generate_writes_a_private_key_only_its_owner_can_read_and_refuses_to_overwrite()
    {
        var folder = build.Temp.File("keys-" + Guid.NewGuid().ToString("N"));

        var first = CliRun.Of("keys", "generate", "--out", folder);
        var second = CliRun.Of("keys", "generate", "--out", folder);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "key.pem")));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(folder, "key.pem")));
        Assert.Equal(3072, rsa.KeySize);
        Assert.Contains("not for release", File.ReadAllText(Path.Combine(folder, "cert.pem")).Length > 0 ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "cert.pem"))).Subject : string.Empty, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, second.ExitCode);
        Assert.EndsWith("key.pem already exists; remove it first to make a new development key\n", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_build_refuses_the_development_key()
    {
        var run = Build("release", "--release");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS5003: dell-poweredge-r710: a release build refuses the development key; name a release key with --key or the recipe's 'signing.key'\n", run.Error);
    }

    [Fact]
    public void Encrypted_pem_key_signs_with_its_passphrase_from_the_environment_and_leaks_nothing()
    {
        var (key, certificate, rsa) = MakeKey("pem");
        var pem = build.Temp.File("release-key.pem");
        File.WriteAllText(pem, rsa.ExportEncryptedPkcs8PrivateKeyPem("s3cret passphrase", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)) + "\n" + certificate);

        var without = Build("pem-nopass", "--key", pem);
        var run = Build("pem", ["--key", pem, "--release"], name => name == "FLASHSMITH_KEY_PASSPHRASE" ? "s3cret passphrase" : null);

        Assert.Equal(ExitCodes.BadInput, without.ExitCode);
        Assert.Contains("is encrypted; put its passphrase in FLASHSMITH_KEY_PASSPHRASE or a file named by FLASHSMITH_KEY_PASSPHRASE_FILE", without.Error, StringComparison.Ordinal);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("signed by CN=Release test pem", run.Output, StringComparison.Ordinal);
        var image = build.Temp.File($"out-pem/{SampleBuild.Target}/{SampleBuild.ImageName}");
        Assert.Equal(ExitCodes.Success, CliRun.Of("verify", image, "--cert", key).ExitCode);
        AssertNoKeyMaterial(rsa, [build.Temp.File("out-pem"), build.Cache], run.Output + run.Error + without.Output + without.Error);
    }

    [Fact]
    public void Pkcs12_key_signs_with_its_passphrase_from_a_file()
    {
        var (key, certificate, rsa) = MakeKey("p12");
        using var bundle = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.CopyWithPrivateKey(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificate), rsa);
        var p12 = build.Temp.File("release.p12");
        File.WriteAllBytes(p12, bundle.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "p12 pass"));
        var passfile = build.Temp.File("passphrase.txt");
        File.WriteAllText(passfile, "p12 pass\n");

        var run = Build("p12", ["--key", p12], name => name == "FLASHSMITH_KEY_PASSPHRASE_FILE" ? passfile : null);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var image = build.Temp.File($"out-p12/{SampleBuild.Target}/{SampleBuild.ImageName}");
        var verify = ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", image + ".p7s", "-content", image, "-CAfile", key, "-out", "/dev/null");
        Assert.True(verify.ExitCode == 0, verify.All);
        AssertNoKeyMaterial(rsa, [build.Temp.File("out-p12")], run.Output + run.Error);
    }

    private CliRun Build(string name, params string[] extra) => Build(name, extra, _ => null);

    private CliRun Build(string name, string[] extra, Func<string, string?> environment) =>
        CliRun.With(environment, ["build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", build.Temp.File("out-" + name), "--cache", build.Cache, .. extra]);

    private (string CertificatePath, string CertificatePem, RSA Key) MakeKey(string name)
    {
        var rsa = RSA.Create(3072);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN=Release test {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pem = certificate.ExportCertificatePem();
        var path = build.Temp.File($"release-{name}.crt");
        File.WriteAllText(path, pem);
        return (path, pem, rsa);
    }

    /// <summary>No output file and no printed line holds the key's PEM, its DER, or any 16-byte run of its private numbers.</summary>
    private static void AssertNoKeyMaterial(RSA rsa, string[] folders, string printed)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        var secrets = new[] { parameters.D!, parameters.P!, parameters.Q!, parameters.DP!, parameters.DQ!, parameters.InverseQ! }
            .SelectMany(s => Enumerable.Range(0, s.Length / 16).Select(i => s.AsSpan(i * 16, 16).ToArray()))
            .ToList();
        var pem = rsa.ExportPkcs8PrivateKeyPem().Split('\n').Where(l => l.Length == 64).ToList();
        foreach (var file in folders.Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories)))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(secrets, s => bytes.AsSpan().IndexOf(s) >= 0);
            var text = Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain(pem, line => text.Contains(line, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("PRIVATE KEY", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(pem, line => printed.Contains(line, StringComparison.Ordinal));
    }
}
