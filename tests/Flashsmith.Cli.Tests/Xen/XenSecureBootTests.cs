using Flashsmith.Cli.Tests.Signing;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Xen;

/// <summary>
/// Xen under Secure Boot (keys enrolled as <see cref="SecureBootKeys"/> enrols them, with OVMF's build without SMM): Xen asks the
/// loader's SHIM_LOCK protocol to verify the dom0 kernel it read from its bank. A bank whose <c>vmlinuz</c> was re-signed by a key
/// not in db is refused by Xen itself, and the loader falls back to the other bank, whose kernel is trusted and boots.
/// </summary>
[Collection(XenCollection.Name)]
public sealed class XenSecureBootTests(XenBuilds builds, SecureBootKeys keys) : IClassFixture<SecureBootKeys>
{
    [Fact]
    public void A_vmlinuz_signed_by_a_key_not_in_db_is_refused_by_xen_and_the_trusted_bank_boots_under_secure_boot()
    {
        var v1 = builds.BuildSigned("v1-db", "1.0.0", keys.DbKeyPem);
        var v2 = builds.BuildSigned("v2-db", "1.1.0", keys.DbKeyPem);
        var dbCert = builds.Temp.File("db-cert.pem");
        File.WriteAllText(dbCert, keys.Db.ExportCertificatePem());
        var folder = builds.Temp.File("secure-boot");
        Directory.CreateDirectory(folder);
        var image = Path.Combine(folder, Path.GetFileName(v1));
        foreach (var suffix in new[] { string.Empty, ".p7s", ".bmap" })
        {
            File.Copy(v1 + suffix, image + suffix);
        }

        var update = CliRun.Of("update", image, v2, "--yes", "--cert", dbCert);
        Assert.True(update.ExitCode == 0, update.Output + update.Error);

        // Debian's kernel with a second signature by a key db does not hold, in place of the one the build signed.
        var resigned = builds.Temp.File("vmlinuz-other");
        ExternalTool.Check("sbsign", "--key", keys.OtherKeyPem, "--cert", keys.OtherKeyPem, "--output", resigned, Path.Combine(CliRun.RepositoryRoot, "examples", "xen", "payload", "vmlinuz"));
        var (_, offset, _) = XenImageTests.Partitions(image).Single(p => p.Name == "altbootbank");
        ExternalTool.Check("mcopy", "-o", "-i", $"{image}@@{offset}", resigned, "::/vmlinuz");

        var boot = XenBuilds.Boot(image, "--vars", keys.VarsWithoutSmm);

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("Dom0 kernel image could not be verified", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR FALLBACK from=altbootbank reason=core-returned", boot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bank=altbootbank version", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR DOM0 hypervisor=xen kernel=6.1.0-57-amd64 bank=bootbank version=1.0.0", boot.Output, StringComparison.Ordinal);
    }
}
