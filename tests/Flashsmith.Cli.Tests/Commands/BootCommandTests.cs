using Flashsmith.Boot;
using Flashsmith.Cli.Commands;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

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
    public void Image_with_nothing_to_boot_ends_at_the_firmware_shell_with_exit_4_not_at_the_timeout()
    {
        var image = build.Temp.File("boot-empty.img");
        File.WriteAllBytes(image, new byte[2 << 20]);

        var run = CliRun.Of("boot", image);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("error FS7009: " + image + ": the firmware started nothing from it: BdsDxe: loading Boot0002 \"EFI Internal Shell\"", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Secure_boot_without_a_variable_store_is_bad_input()
    {
        var run = CliRun.Of("boot", "any.img", "--secure-boot");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--secure-boot needs --vars FILE", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_of_1GiB_is_given_to_qemu_in_bytes()
    {
        var arguments = Flashsmith.Boot.QemuBoot.Arguments(new BootRequest("any.img") { Memory = BootCommand.Memory("1GiB") }, Flashsmith.Boot.QemuBoot.Code, "vars.fd");

        Assert.Equal("1073741824B", arguments[arguments.ToList().IndexOf("-m") + 1]);
        Assert.Equal(BootCommand.Memory("1024MiB"), BootCommand.Memory("1GiB"));
        Assert.Equal((BootRequest.MinMemory, BootRequest.MaxMemory), (BootCommand.Memory("64MiB"), BootCommand.Memory("16GiB")));
    }

    [Fact]
    public void Memory_goes_from_the_command_line_to_qemu_and_is_256MiB_unless_given()
    {
        using var temp = new TempFolder();
        var disk = temp.File("blank.img");
        File.WriteAllBytes(disk, new byte[1 << 20]);
        // A QEMU that says what it was given and that the boot is ready.
        Directory.CreateDirectory(temp.File("bin"));
        File.WriteAllText(temp.File("bin/" + Flashsmith.Boot.QemuBoot.Emulator), "#!/bin/sh\necho \"qemu $*\"\necho THINVISOR READY\n");
        ExternalTool.Check("chmod", "+x", temp.File("bin/" + Flashsmith.Boot.QemuBoot.Emulator));
        var path = new Dictionary<string, string> { ["PATH"] = $"{temp.File("bin")}:{Environment.GetEnvironmentVariable("PATH")}" };
        var cli = Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll");

        var given = ExternalTool.Run(Environment.ProcessPath!, [cli, "boot", disk, "--memory", "1GiB"], TimeSpan.FromMinutes(1), path);
        var unspecified = ExternalTool.Run(Environment.ProcessPath!, [cli, "boot", disk], TimeSpan.FromMinutes(1), path);

        Assert.True(given.ExitCode == ExitCodes.Success, given.All);
        Assert.Contains(" -m 1073741824B ", given.Output, StringComparison.Ordinal);
        Assert.True(unspecified.ExitCode == ExitCodes.Success, unspecified.All);
        Assert.Contains(" -m 268435456B ", unspecified.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots", "error FS0001: --memory must be a size such as 1GiB or 1024MiB, not 'lots'\n")]
    [InlineData("1.5GiB", "error FS0001: --memory must be a size such as 1GiB or 1024MiB, not '1.5GiB'\n")]
    [InlineData("1000MB", "error FS0001: --memory must be a whole number of MiB, such as 1GiB or 1024MiB, not 1000MB (1000000000 bytes)\n")]
    [InlineData("1536KiB", "error FS0001: --memory must be a whole number of MiB, such as 1GiB or 1024MiB, not 1536KiB (1572864 bytes)\n")]
    [InlineData("63MiB", "error FS0001: --memory must be from 64 MiB to 16 GiB, not 63MiB\n")]
    [InlineData("16385MiB", "error FS0001: --memory must be from 64 MiB to 16 GiB, not 16385MiB\n")]
    [InlineData("0", "error FS0001: --memory must be from 64 MiB to 16 GiB, not 0\n")]
    public void Memory_that_is_not_a_whole_MiB_from_64MiB_to_16GiB_is_bad_usage(string memory, string error)
    {
        var run = CliRun.Of("boot", "any.img", "--memory", memory);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(error, run.Error);
    }
}
