using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>
/// The loader's SHIM_LOCK protocol, called by a test program (<c>tests/firmware/shimlock</c>) that the loader starts as a
/// bank's core: under Secure Boot Verify accepts a buffer signed with the db key and refuses the same buffer with a byte
/// changed and a copy signed with another key; with Secure Boot off it accepts all three. The loader and the program are
/// compiled as the build compiles them and signed with sbsign, on a disk of an ESP and one bank.
/// </summary>
public sealed class ShimLockTests(SecureBootKeys keys) : IClassFixture<SecureBootKeys>, IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void Under_secure_boot_verify_accepts_the_db_signed_buffer_and_refuses_a_changed_one_and_one_signed_by_another_key()
    {
        var boot = keys.Boot(Disk());

        Assert.False(boot.TimedOut, boot.Console);
        Assert.Equal(["SHIMLOCK protocol=found", "SHIMLOCK good=success", "SHIMLOCK tampered=security-violation", "SHIMLOCK other=security-violation"], boot.Lines("SHIMLOCK "));
        Assert.Equal(["THINVISOR FALLBACK from=bootbank reason=core-returned", "THINVISOR HALT reason=no-bootable-bank"], boot.Lines("THINVISOR "));
    }

    [Fact]
    public void Without_secure_boot_verify_accepts_every_buffer()
    {
        var boot = QemuBoot.BootDisk(Disk());

        Assert.False(boot.TimedOut, boot.Console);
        Assert.Equal(["SHIMLOCK protocol=found", "SHIMLOCK good=success", "SHIMLOCK tampered=success", "SHIMLOCK other=success"], boot.Lines("SHIMLOCK "));
    }

    public void Dispose() => temp.Dispose();

    /// <summary>An ESP with the loader and a bank whose core is the test program, both signed with the db key, and other.efi beside it.</summary>
    private string Disk()
    {
        var image = temp.File("shimlock.img");
        if (File.Exists(image))
        {
            return image;
        }

        var loader = Signed(Compile("loader", Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "src", "firmware", "loader"), "*.c").Order(StringComparer.Ordinal).ToArray()), keys.DbKeyPem, "loader-db.efi");
        var program = Compile("shimlock", Path.Combine(CliRun.RepositoryRoot, "tests", "firmware", "shimlock", "shimlock.c"));
        var time = DateTimeOffset.UnixEpoch.AddYears(50);
        var esp = new FatFileSystemBuilder(new FatVolumeOptions("esp", ByteSize.FromMiB(4), FatType.Fat16, "ESP", 1, time, 2048));
        esp.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromFile(loader));
        var bank = new FatFileSystemBuilder(new FatVolumeOptions("bootbank", ByteSize.FromMiB(4), FatType.Fat16, "BOOTBANK", 2, time, 10240));
        bank.AddFile("/boot.cfg", DataSource.FromBytes("bootstate=0\nupdated=1\nkernel=shimlock.efi\n"u8.ToArray()));
        bank.AddFile("/shimlock.efi", DataSource.FromFile(Signed(program, keys.DbKeyPem, "shimlock-db.efi")));
        bank.AddFile("/other.efi", DataSource.FromFile(Signed(program, keys.OtherKeyPem, "shimlock-other.efi")));
        var disk = new DiskImageBuilder(ByteSize.FromMiB(10), PartitionStyle.Gpt, new DeterministicIds("shimlock"), ByteSize.FromKiB(64));
        disk.AddPartition(new PartitionDefinition("esp", ByteSize.FromMiB(1), ByteSize.FromMiB(4), GuidPartitionTable.EfiSystemType, 0xEF), esp.Build());
        disk.AddPartition(new PartitionDefinition("bootbank", ByteSize.FromMiB(5), ByteSize.FromMiB(4), GuidPartitionTable.BasicDataType, 0x0C), bank.Build());
        SparseImageWriter.Write(disk.Build(), image);
        return image;
    }

    /// <summary>A UEFI application compiled and linked as the build makes one.</summary>
    private string Compile(string name, params string[] sources)
    {
        var objects = new List<string>();
        foreach (var source in sources)
        {
            var obj = temp.File($"{name}-{Path.GetFileNameWithoutExtension(source)}.obj");
            ExternalTool.Check("clang", [.. Toolchains.Toolchain.CompileFlags, "-c", source, "-o", obj]);
            objects.Add(obj);
        }

        var program = temp.File(name + ".efi");
        ExternalTool.Check("lld-link", [.. Toolchains.Toolchain.LinkArguments(Toolchains.ImageKind.Application, objects, program)]);
        return program;
    }

    /// <summary>A copy of <paramref name="program"/> that sbsign signed with the key and certificate in <paramref name="pem"/>.</summary>
    private string Signed(string program, string pem, string name)
    {
        var output = temp.File(name);
        ExternalTool.Check("sbsign", "--key", pem, "--cert", pem, "--output", output, program);
        return output;
    }
}
