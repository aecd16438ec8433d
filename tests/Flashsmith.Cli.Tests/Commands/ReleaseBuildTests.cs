using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>A release build from a git checkout: committed sources only, and SHA256SUMS signed with the release key, judged by sha256sum and openssl.</summary>
public sealed class ReleaseBuildTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Release_writes_signed_checksums_of_every_output_and_refuses_an_uncommitted_source()
    {
        var project = temp.File("project");
        temp.CopyIn(CliRun.Recipes, "project/recipes");
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), "project/src/firmware");
        Git(project, "init", "-q");
        Git(project, "add", "-A");
        Git(project, "-c", "user.name=Release", "-c", "user.email=release@example.invalid", "commit", "-q", "-m", "sources");
        var (key, certificate) = ReleaseKey();
        var output = temp.File("out");

        var run = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", Path.Combine(project, "recipes"), "--out", output, "--cache", temp.File("cache"), "--key", key, "--release");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        var sums = File.ReadAllLines(Path.Combine(output, "SHA256SUMS"));
        Assert.Equal(Directory.GetFiles(Path.Combine(output, SampleBuild.Target)).Length, sums.Length);
        Assert.Contains(sums, l => l.EndsWith($"  {SampleBuild.Target}/{SampleBuild.ImageName}", StringComparison.Ordinal));
        var check = ExternalTool.Run("sh", "-c", $"cd '{output}' && sha256sum -c SHA256SUMS");
        Assert.True(check.ExitCode == 0, check.All);
        var cms = ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", Path.Combine(output, "SHA256SUMS.p7s"), "-content", Path.Combine(output, "SHA256SUMS"), "-CAfile", certificate, "-purpose", "any", "-out", "/dev/null");
        Assert.True(cms.ExitCode == 0, cms.All);

        // A second clone at another path, with its own cache, under another time zone and locale: diffoscope finds nothing.
        var clone = temp.File("elsewhere/clone");
        ExternalTool.Check("git", "clone", "-q", project, clone);
        var again = CliRun.With(
            name => name switch { "TZ" => "Pacific/Auckland", "LANG" or "LC_ALL" => "de_DE.UTF-8", _ => null },
            "build", "--target", SampleBuild.Target, "--recipes", Path.Combine(clone, "recipes"), "--out", temp.File("out-clone"), "--cache", temp.File("cache-clone"), "--key", key, "--release", "--jobs", "1");
        Assert.True(again.ExitCode == ExitCodes.Success, again.Output + again.Error);
        var diffoscope = ExternalTool.Run("diffoscope", ["--no-progress", "--exclude-directory-metadata=recursive", output, temp.File("out-clone")], TimeSpan.FromMinutes(3));
        Assert.True(diffoscope.ExitCode == 0, diffoscope.All);
        Assert.Equal(string.Empty, diffoscope.Output);

        File.AppendAllText(Path.Combine(project, "src", "firmware", "drivers", "ahci", "ahci.c"), "\n/* local change */\n");
        var dirty = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", Path.Combine(project, "recipes"), "--out", temp.File("out-dirty"), "--cache", temp.File("cache"), "--key", key, "--release");

        Assert.Equal(ExitCodes.BadInput, dirty.ExitCode);
        Assert.Contains("error FS9002: src/firmware/drivers/ahci/ahci.c: uncommitted change; a release is built only from committed sources", dirty.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.File("out-dirty"), SampleBuild.Target)));
    }

    private (string Key, string Certificate) ReleaseKey()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Release test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var key = temp.File("release.pem");
        var cert = temp.File("release.crt");
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(cert, certificate.ExportCertificatePem() + "\n");
        return (key, cert);
    }

    private static void Git(string folder, params string[] arguments) =>
        ExternalTool.Check("git", ["-C", folder, .. arguments]);
}
