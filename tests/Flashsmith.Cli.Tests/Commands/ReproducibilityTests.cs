using System.Security.Cryptography;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>The same inputs and key give the same bytes wherever the project sits.</summary>
public sealed class ReproducibilityTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Same_inputs_in_another_folder_give_byte_identical_outputs()
    {
        // Both copies, so that neither is a git checkout whose commit the provenance would record.
        foreach (var copy in new[] { "here", Path.Combine("else", "where") })
        {
            foreach (var folder in new[] { "recipes", Path.Combine("src", "firmware") })
            {
                temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, folder), Path.Combine(copy, folder));
            }
        }

        using var rsa = RSA.Create(3072);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Release", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var key = temp.File("release.pem");
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem() + "\n");
        const string Target = "hp-proliant-dl380-g5";

        var here = CliRun.Of("build", "--target", Target, "--recipes", temp.File("here/recipes"), "--out", temp.File("out-here"), "--cache", temp.File("cache-here"), "--key", key);
        var there = CliRun.Of("build", "--target", Target, "--recipes", temp.File("else/where/recipes"), "--out", temp.File("out-there"), "--cache", temp.File("cache-there"), "--key", key);

        Assert.True(here.ExitCode == ExitCodes.Success, here.Error);
        Assert.True(there.ExitCode == ExitCodes.Success, there.Error);
        var files = Directory.EnumerateFiles(temp.File($"out-here/{Target}")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, files.Count);
        foreach (var name in files)
        {
            Assert.True(
                File.ReadAllBytes(temp.File($"out-here/{Target}/{name}")).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File($"out-there/{Target}/{name}"))),
                $"{name} differs between the two folders");
        }
    }
}
