using Flashsmith.Boot;

namespace Flashsmith.Cli.Tests.Xen;

/// <summary>A/B updates of a core that is not ours: dom0 commits its bank by the documented protocol, or the next boot falls back.</summary>
[Collection(XenCollection.Name)]
public sealed class XenUpdateTests(XenBuilds builds)
{
    [Fact]
    public void Update_to_1_1_0_boots_it_and_dom0_commits_its_bank()
    {
        var image = builds.CopyV1("to-v2");
        var update = CliRun.Of("update", image, builds.V2, "--yes", "--cert", XenBuilds.Certificate);
        Assert.True(update.ExitCode == 0, update.Output + update.Error);

        var boot = XenBuilds.Boot(image, "--persist");

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR DOM0 hypervisor=xen kernel=6.1.0-57-amd64 bank=altbootbank version=1.1.0", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR COMMIT bank=altbootbank", boot.Output, StringComparison.Ordinal);
        var banks = Banks(image);
        Assert.Equal([("bootbank", "1.0.0", BankState.Valid, true), ("altbootbank", "1.1.0", BankState.Valid, true)], banks.Banks.Select(b => (b.Partition, b.Version!, b.Config!.State, b.Verifies)));
        Assert.Equal("altbootbank", banks.Next?.Partition);
        var json = CliRun.Of("banks", image, "--json", "--cert", XenBuilds.Certificate);
        Assert.Contains("\"next\": \"altbootbank\"", json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_whose_dom0_never_commits_falls_back_to_1_0_0_on_the_next_boot()
    {
        var image = builds.CopyV1("no-commit");
        Assert.Equal(0, CliRun.Of("update", image, builds.V2NoCommit, "--yes", "--cert", XenBuilds.Certificate).ExitCode);

        var first = XenBuilds.Boot(image, "--persist");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("bank=altbootbank version=1.1.0", first.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR COMMIT skipped", first.Output, StringComparison.Ordinal);
        Assert.Equal(BankState.Trying, Banks(image).Banks.Single(b => b.Partition == "altbootbank").Config!.State);

        var second = XenBuilds.Boot(image, "--persist");

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("THINVISOR FALLBACK from=altbootbank reason=not-committed", second.Output, StringComparison.Ordinal);
        Assert.Contains("bank=bootbank version=1.0.0", second.Output, StringComparison.Ordinal);
        var banks = Banks(image);
        Assert.Equal(BankState.Invalid, banks.Banks.Single(b => b.Partition == "altbootbank").Config!.State);
        Assert.Equal("bootbank", banks.Next?.Partition);
    }

    private static BankTable Banks(string image)
    {
        using var trusted = global::Flashsmith.Signing.TrustedCertificate.Load(XenBuilds.Certificate, CliRun.RepositoryRoot);
        using var stream = File.OpenRead(image);
        return BankReader.Read(stream, trusted.Certificate);
    }
}
