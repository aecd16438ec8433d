using System.Buffers.Binary;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.Signing;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>UEFI Secure Boot under OVMF with our own enrolled keys: what db signed boots, anything else is refused.</summary>
public sealed class SecureBootTests : IClassFixture<SampleBuild>, IClassFixture<SecureBootKeys>
{
    private readonly SampleBuild build;
    private readonly SecureBootKeys keys;

    public SecureBootTests(SampleBuild build, SecureBootKeys keys)
    {
        this.build = build;
        this.keys = keys;
    }

    [Fact]
    public void Keys_are_enrolled()
    {
        Assert.Equal(["ENROLL db ok", "ENROLL KEK ok", "ENROLL PK ok"], keys.Enrollment.Lines("ENROLL ").Where(l => !l.StartsWith("ENROLL DONE", StringComparison.Ordinal)));
    }

    [Fact]
    public void Image_signed_with_the_db_key_boots_to_ready()
    {
        var boot = keys.Boot(Image("db", keys.DbKeyPem));

        Assert.Contains("THINVISOR BOOT product=thinvisor", boot.Console, StringComparison.Ordinal);
        Assert.Equal(["THINVISOR READY drivers=5 guests=1"], boot.Lines("THINVISOR READY"));
    }

    [Fact]
    public void Core_signed_with_a_key_not_in_db_is_refused()
    {
        var boot = keys.Boot(Image("other", keys.OtherKeyPem));

        AssertRefused(boot);
    }

    [Fact]
    public void Unsigned_core_is_refused()
    {
        var image = Copy(Image("db", keys.DbKeyPem), "unsigned.img");
        PatchCore(image, (bytes, layout) => BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(layout.CertificateDirectoryOffset), 0));

        AssertRefused(keys.Boot(image));
    }

    [Fact]
    public void Core_with_one_flipped_byte_is_refused()
    {
        var image = Copy(Image("db", keys.DbKeyPem), "flipped.img");
        PatchCore(image, (bytes, layout) => bytes[layout.Sections[0].Offset + 100] ^= 0x01);

        AssertRefused(keys.Boot(image));
    }

    private static void AssertRefused(TestSupport.QemuBoot.Result boot)
    {
        Assert.Matches("Access Denied|Security Violation", boot.Console);
        Assert.DoesNotContain("THINVISOR BOOT", boot.Console, StringComparison.Ordinal);
        Assert.False(boot.TimedOut, "the refusal was not recognised; the boot ran into its timeout");
    }

    private string Image(string name, string key)
    {
        var output = build.Temp.File("secure-" + name);
        var image = Path.Combine(output, SampleBuild.Target, SampleBuild.ImageName);
        if (!File.Exists(image))
        {
            var run = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", output, "--cache", build.Cache, "--key", key);
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }

        return image;
    }

    private string Copy(string image, string name)
    {
        var copy = build.Temp.File(name);
        File.Copy(image, copy, overwrite: true);
        return copy;
    }

    /// <summary>Changes the core in place on the image (its size stays the same).</summary>
    private static void PatchCore(string image, Action<byte[], PeLayout> patch)
    {
        using var stream = File.Open(image, FileMode.Open);
        var esp = PartitionTable.Read(stream).Find("esp")!;
        var fs = new FatFileSystem(stream, esp.Offset.Bytes, esp.Size.Bytes);
        var item = fs.Find("/EFI/BOOT/BOOTX64.EFI")!;
        var bytes = fs.ReadFile("/EFI/BOOT/BOOTX64.EFI");
        patch(bytes, PeLayout.Read(bytes));
        stream.Position = esp.Offset.Bytes + fs.DataOffset(item.FirstCluster);
        stream.Write(bytes);
    }
}
