using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>boot: QEMU with OVMF from the command line; exit 0 at READY, 4 when the boot does not get there.</summary>
public sealed class BootCommandTests(SampleBuild build) : IClassFixture<SampleBuild>
{
    [Fact]
    public void Boot_exits_0_at_ready_and_4_on_a_tampered_image_which_it_leaves_as_it_was()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);

        var ready = CliRun.Of("boot", build.Image);

        Assert.True(ready.ExitCode == ExitCodes.Success, ready.Output + ready.Error);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0 target=dell-poweredge-r710", ready.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR READY drivers=5 guests=1", ready.Output, StringComparison.Ordinal);

        // boot gives QEMU a CPU with SVM and nested paging: the guest runs.
        Assert.Contains("THINVISOR VM name=hello memory=1MiB npt=on", ready.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR GUEST hello: Hello from hello", ready.Output, StringComparison.Ordinal);

        var image = build.Temp.File("boot-tampered.img");
        File.Copy(build.Image, image, overwrite: true);
        using (var stream = File.Open(image, FileMode.Open))
        {
            var bank = PartitionTable.Read(stream).Find("bootbank")!;
            var fs = new FatFileSystem(stream, bank.Offset.Bytes, bank.Size.Bytes);
            stream.Position = bank.Offset.Bytes + fs.DataOffset(fs.Find("/ahci.efi")!.FirstCluster) + 700;
            var b = stream.ReadByte();
            stream.Position -= 1;
            stream.WriteByte((byte)(b ^ 0x10));
        }

        var before = File.ReadAllBytes(image);
        var tampered = CliRun.Of("boot", image, "--usb");

        Assert.Equal(ExitCodes.VerificationFailed, tampered.ExitCode);
        Assert.Contains("THINVISOR FALLBACK from=bootbank reason=sha256-mismatch driver=ahci", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("error FS7009: " + image + ": the boot halted: THINVISOR HALT reason=no-bootable-bank", tampered.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void Secure_boot_without_a_variable_store_is_bad_input()
    {
        var run = CliRun.Of("boot", "any.img", "--secure-boot");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--secure-boot needs --vars FILE", run.Error, StringComparison.Ordinal);
    }
}
