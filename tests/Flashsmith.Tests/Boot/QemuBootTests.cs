using Flashsmith.Boot;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Boot;

public sealed class QemuBootTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Qemu_that_ends_on_its_own_is_a_stop_not_a_timeout_and_what_it_said_on_stderr_is_kept()
    {
        var disk = temp.File("blank.img");
        File.WriteAllBytes(disk, new byte[1 << 20]);

        var boot = Flashsmith.Boot.QemuBoot.Run(new BootRequest(disk) { ExtraArguments = ["-device", "no-such-device"], Timeout = TimeSpan.FromSeconds(60) }, null, CancellationToken.None);

        Assert.Equal(BootOutcome.Stopped, boot.Outcome);
        Assert.Contains("'no-such-device' is not a valid device model name", boot.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_is_passed_in_bytes_and_is_256MiB_unless_given()
    {
        var given = Flashsmith.Boot.QemuBoot.Arguments(new BootRequest("any.img") { Memory = Flashsmith.Disk.ByteSize.FromMiB(1024) }, Flashsmith.Boot.QemuBoot.Code, "vars.fd");
        var unspecified = Flashsmith.Boot.QemuBoot.Arguments(new BootRequest("any.img"), Flashsmith.Boot.QemuBoot.Code, "vars.fd");

        Assert.Equal("1073741824B", given[given.ToList().IndexOf("-m") + 1]);
        Assert.Equal("268435456B", unspecified[unspecified.ToList().IndexOf("-m") + 1]);
    }
}
