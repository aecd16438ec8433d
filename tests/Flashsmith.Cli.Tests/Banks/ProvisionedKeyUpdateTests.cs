using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>update on a key that provision wrote to a loop device: the unit record stays, and the key verifies without the image.</summary>
public sealed class ProvisionedKeyUpdateTests(BankBuilds builds) : IClassFixture<BankBuilds>, IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Update_on_a_provisioned_loop_device_keeps_the_unit_record_and_boots_v2()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), 64L << 20);
        var provision = CliRun.Of("provision", builds.V1, "--cert", BankBuilds.Certificate, "--log", temp.File("factory.db"), "--device", key.Path, "--allow-fixed", key.Path, "--serial", "SN-UPD", "--hostname", "edge-07", "--yes");
        Assert.True(provision.ExitCode == 0, provision.Output + provision.Error);

        var refused = CliRun.Of("update", key.Path, builds.V2, "--yes", "--cert", BankBuilds.Certificate);
        Assert.Equal(ExitCodes.DeviceFailure, refused.ExitCode);
        Assert.Contains("fixed disk", refused.Error, StringComparison.Ordinal);

        var update = CliRun.Of("update", key.Path, builds.V2, "--yes", "--allow-fixed", key.Path, "--cert", BankBuilds.Certificate);

        Assert.True(update.ExitCode == 0, update.Output + update.Error);
        var verify = CliRun.Of("verify", key.Path, "--cert", BankBuilds.Certificate);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("\"serial\": \"SN-UPD\"", verify.Output, StringComparison.Ordinal);
        var boot = CliRun.Of("boot", key.Path, "--usb", "--persist");
        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.1.0", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR UNIT serial=SN-UPD hostname=edge-07", boot.Output, StringComparison.Ordinal);
        Assert.Equal(0, CliRun.Of("verify", key.Path, "--cert", BankBuilds.Certificate).ExitCode);
    }
}
