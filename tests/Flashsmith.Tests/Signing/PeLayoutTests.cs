using System.Buffers.Binary;
using Flashsmith.Signing;

namespace Flashsmith.Tests.Signing;

/// <summary>What a file is: a PE image at all, and an x86-64 EFI application or why not.</summary>
[Collection(SignedSamplesCollection.Name)]
public sealed class PeLayoutTests(SignedSamples samples)
{
    [Fact]
    public void Xen_and_the_tiny_application_are_x86_64_efi_applications()
    {
        foreach (var image in new[] { samples.Xen, samples.App, AuthenticodeSigner.Sign(samples.VendorSigned, samples.Ours.Key) })
        {
            Assert.True(PeLayout.IsPe(image));
            Assert.Null(PeLayout.X64EfiApplicationProblem(image));
            var layout = PeLayout.Read(image);
            Assert.Equal(PeMachine.Amd64, layout.Machine);
            Assert.Equal(PeSubsystem.EfiApplication, layout.Subsystem);
        }
    }

    [Fact]
    public void Text_file_is_not_a_pe_image()
    {
        var text = "format=thinvisor-manifest/1\nproduct=demo\n"u8.ToArray().Concat(new byte[64]).ToArray();

        Assert.False(PeLayout.IsPe(text));
        Assert.Equal("the file is not a PE image: the file does not start with an MZ header", PeLayout.X64EfiApplicationProblem(text));
    }

    [Fact]
    public void Elf_executable_is_not_a_pe_image()
    {
        var elf = File.ReadAllBytes("/bin/true");

        Assert.False(PeLayout.IsPe(elf));
        Assert.Equal("the file is not a PE image: the file does not start with an MZ header", PeLayout.X64EfiApplicationProblem(elf));
    }

    [Fact]
    public void Mz_header_that_points_at_no_pe_signature_is_not_a_pe_image()
    {
        var dos = (byte[])samples.App.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(dos.AsSpan(0x3C), 0x40);

        Assert.False(PeLayout.IsPe(dos));
        Assert.Equal("the file is not a PE image: the file has no PE signature where its MZ header points", PeLayout.X64EfiApplicationProblem(dos));
        Assert.False(PeLayout.IsPe("MZ"u8));
    }

    [Fact]
    public void Windows_console_subsystem_is_not_an_efi_application()
    {
        var console = WithSubsystem(samples.App, 3);

        Assert.True(PeLayout.IsPe(console));
        Assert.Equal(PeSubsystem.WindowsConsole, PeLayout.Read(console).Subsystem);
        Assert.Equal("subsystem 3 (Windows console), not an EFI application", PeLayout.X64EfiApplicationProblem(console));
        Assert.Equal("subsystem 99, not an EFI application", PeLayout.X64EfiApplicationProblem(WithSubsystem(samples.App, 99)));
    }

    [Fact]
    public void Boot_service_driver_is_not_an_efi_application()
    {
        Assert.Equal(PeSubsystem.EfiBootServiceDriver, PeLayout.Read(samples.Driver).Subsystem);
        Assert.Equal("subsystem 11 (EFI boot service driver), not an EFI application", PeLayout.X64EfiApplicationProblem(samples.Driver));
    }

    [Fact]
    public void I386_machine_is_not_x86_64()
    {
        var i386 = (byte[])samples.App.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(i386.AsSpan(PeOffset(i386) + 4), 0x014C);

        Assert.Equal(PeMachine.I386, PeLayout.Read(i386).Machine);
        Assert.Equal("machine 0x14c (i386), not x86-64", PeLayout.X64EfiApplicationProblem(i386));
    }

    private static byte[] WithSubsystem(byte[] image, ushort subsystem)
    {
        var copy = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(PeOffset(copy) + 24 + 68), subsystem);
        return copy;
    }

    private static int PeOffset(byte[] image) => BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(0x3C));
}
