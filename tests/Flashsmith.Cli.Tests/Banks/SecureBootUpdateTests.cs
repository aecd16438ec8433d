using Flashsmith.Cli.Tests.Commands;
using Flashsmith.Cli.Tests.Signing;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>Updates under Secure Boot with enrolled keys: a bank whose core db does not trust falls back, one it trusts boots.</summary>
public sealed class SecureBootUpdateTests(BankBuilds builds, SecureBootKeys keys) : IClassFixture<BankBuilds>, IClassFixture<SecureBootKeys>
{
    [Fact]
    public void V2_signed_by_a_key_not_in_db_falls_back_to_v1_and_v2_signed_by_the_db_key_boots()
    {
        var v1 = Path.Combine(builds.Temp.File("v1-db"), SampleBuild.Target, SampleBuild.ImageName);
        var build = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", builds.Temp.File("v1-db"), "--cache", builds.Cache, "--key", keys.DbKeyPem);
        Assert.True(build.ExitCode == 0, build.Error);
        var dbCert = builds.Temp.File("db-cert.pem");
        File.WriteAllText(dbCert, keys.Db.ExportCertificatePem());
        var otherCert = builds.Temp.File("other-cert.pem");
        File.WriteAllText(otherCert, File.ReadAllText(keys.OtherKeyPem)[File.ReadAllText(keys.OtherKeyPem).IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)..]);

        var untrusted = Copy(v1, "untrusted.img");
        var update = CliRun.Of("update", untrusted, builds.Build("v2-other", keys.OtherKeyPem), "--yes", "--cert", otherCert);
        Assert.True(update.ExitCode == 0, update.Output + update.Error);
        Assert.Contains("the loader is the same and was kept", update.Output, StringComparison.Ordinal);

        var refused = CliRun.Of("boot", untrusted, "--secure-boot", "--vars", keys.Vars, "--persist");

        Assert.True(refused.ExitCode == 0, refused.Output + refused.Error);
        Assert.Contains("THINVISOR FALLBACK from=altbootbank reason=core-signature", refused.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0", refused.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR READY drivers=5", refused.Output, StringComparison.Ordinal);
        Assert.Contains("| invalid", CliRun.Of("banks", untrusted, "--cert", dbCert).Output.Replace("│", "|", StringComparison.Ordinal), StringComparison.Ordinal);

        var trusted = Copy(v1, "trusted.img");
        Assert.Equal(0, CliRun.Of("update", trusted, builds.Build("v2-db", keys.DbKeyPem), "--yes", "--cert", dbCert).ExitCode);

        var boots = CliRun.Of("boot", trusted, "--secure-boot", "--vars", keys.Vars);

        Assert.True(boots.ExitCode == 0, boots.Output + boots.Error);
        Assert.DoesNotContain("FALLBACK", boots.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.1.0", boots.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR READY drivers=5", boots.Output, StringComparison.Ordinal);
    }

    private string Copy(string image, string name)
    {
        var folder = builds.Temp.File(Path.GetFileNameWithoutExtension(name));
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, SampleBuild.ImageName);
        foreach (var suffix in new[] { string.Empty, ".p7s", ".bmap" })
        {
            File.Copy(image + suffix, copy + suffix);
        }

        return copy;
    }
}
