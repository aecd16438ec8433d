using System.Text;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CpioNewcReaderTests : IDisposable
{
    private const uint Epoch = 1_704_067_200;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_archive_GNU_cpio_wrote_is_listed_and_read()
    {
        var tree = Directory.CreateDirectory(temp.File("tree")).FullName;
        Directory.CreateDirectory(Path.Combine(tree, "bin"));
        File.WriteAllText(Path.Combine(tree, "bin", "busybox"), "busybox!");
        File.SetUnixFileMode(Path.Combine(tree, "bin", "busybox"), (UnixFileMode)0x1ED);
        File.CreateSymbolicLink(Path.Combine(tree, "bin", "sh"), "busybox");
        var archive = temp.File("gnu.cpio");
        CpioJudge.Create(tree, ["bin", "bin/busybox", "bin/sh"], archive);
        var bytes = File.ReadAllBytes(archive);

        var entries = CpioNewcReader.List(bytes);

        Assert.Equal(["bin", "bin/busybox", "bin/sh"], entries.Select(e => e.Path));
        Assert.Equal([CpioFileType.Directory, CpioFileType.RegularFile, CpioFileType.SymbolicLink], entries.Select(e => e.Type));
        Assert.Equal((UnixFileMode)0x1ED, entries[1].Permissions);
        Assert.Equal("busybox", entries[2].LinkTarget);
        Assert.Equal("busybox!"u8.ToArray(), CpioNewcReader.ReadFile(bytes, "/bin/busybox"));
    }

    [Fact]
    public void A_written_archive_lists_every_field_back()
    {
        var bytes = Archive(w =>
        {
            w.AddDirectory("etc", (UnixFileMode)0x1ED);
            w.AddFile("etc/inittab", (UnixFileMode)0x1A4, "::respawn:/bin/sh\n"u8);
            w.AddSymbolicLink("etc/mtab", "/proc/mounts");
        });

        Assert.Equal(
            [
                new InitramfsEntry("etc", 0x41ED, 0, 0, Epoch, 0, null, 0, 0),
                new InitramfsEntry("etc/inittab", 0x81A4, 0, 0, Epoch, 18, null, 0, 0),
                new InitramfsEntry("etc/mtab", 0xA1FF, 0, 0, Epoch, 12, "/proc/mounts", 0, 0),
            ],
            CpioNewcReader.List(bytes));
    }

    [Fact]
    public void Read_file_finds_a_regular_file_with_or_without_the_leading_slash_and_nothing_else()
    {
        var bytes = Archive(w =>
        {
            w.AddDirectory("etc", (UnixFileMode)0x1ED);
            w.AddFile("etc/hostname", (UnixFileMode)0x1A4, "one"u8);
            w.AddSymbolicLink("etc/link", "hostname");
            w.AddFile("etc/hostname", (UnixFileMode)0x1A4, "two"u8);
        });

        Assert.Equal("two"u8.ToArray(), CpioNewcReader.ReadFile(bytes, "etc/hostname"));
        Assert.Equal("two"u8.ToArray(), CpioNewcReader.ReadFile(bytes, "/etc/hostname"));
        Assert.Null(CpioNewcReader.ReadFile(bytes, "/etc"));
        Assert.Null(CpioNewcReader.ReadFile(bytes, "/etc/link"));
        Assert.Null(CpioNewcReader.ReadFile(bytes, "/etc/nosuch"));
    }

    [Fact]
    public void An_archive_without_a_trailer_is_refused()
    {
        var bytes = Archive(w => w.AddFile("a", (UnixFileMode)0x1A4, "1234"u8));

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcReader.List(bytes.AsSpan(0, 116)));

        Assert.Equal("the archive ends after 1 members without a TRAILER!!! member", ex.Message);
    }

    [Fact]
    public void A_field_that_is_not_hexadecimal_is_named_with_its_member_and_offset()
    {
        var bytes = Archive(w =>
        {
            w.AddFile("a", (UnixFileMode)0x1A4, "1234"u8);
            w.AddFile("b", (UnixFileMode)0x1A4, "5678"u8);
        });
        bytes[116 + 6 + (6 * 8)] = (byte)'Q';

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcReader.List(bytes));

        Assert.Equal("member 2 at offset 0x74 (116): its filesize field is 'Q0000004', not eight hexadecimal digits", ex.Message);
    }

    [Fact]
    public void A_data_size_past_the_end_is_refused()
    {
        var bytes = Archive(w => w.AddFile("big", (UnixFileMode)0x1A4, "1234"u8));
        Field(bytes, 0, 6, 0x7FFFFFFF);

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcReader.List(bytes));

        Assert.Equal("member 1 at offset 0x0 (0) (big): its 2147483647 bytes of data run past the end of the archive at 0x200 (512)", ex.Message);
    }

    [Theory]
    [InlineData(0u, "member 1 at offset 0x0 (0): its name size is 0; a name is 1 to 4096 bytes with its NUL")]
    [InlineData(4097u, "member 1 at offset 0x0 (0): its name size is 4097; a name is 1 to 4096 bytes with its NUL")]
    [InlineData(4096u, "member 1 at offset 0x0 (0): its 4096-byte name runs past the end of the archive at 0x200 (512)")]
    [InlineData(4u, "member 1 at offset 0x0 (0): its name is not one string ending in its only NUL")]
    [InlineData(6u, "member 1 at offset 0x0 (0): its name is not one string ending in its only NUL")]
    public void A_name_size_that_does_not_fit_the_name_is_refused(uint nameSize, string message)
    {
        var bytes = Archive(w => w.AddFile("name", (UnixFileMode)0x1A4, "1234"u8));
        Field(bytes, 0, 11, nameSize);

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcReader.List(bytes));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_link_target_longer_than_PATH_MAX_is_refused()
    {
        var bytes = Archive(w => w.AddSymbolicLink("deep", new string('a', 4096)));

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcReader.List(bytes));

        Assert.Equal("member 1 at offset 0x0 (0) (deep): its link target is 4096 bytes or holds a NUL; a target is 1 to 4095 bytes", ex.Message);
    }

    [Fact]
    public void Data_after_the_trailer_other_than_padding_is_refused()
    {
        var first = Archive(w => w.AddFile("a", (UnixFileMode)0x1A4, "1"u8));
        var second = Archive(w => w.AddFile("b", (UnixFileMode)0x1A4, "2"u8));

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcReader.List([.. first, .. second]));

        Assert.Equal($"after its 1 members and the trailer, the archive goes on with {second.Length} bytes that are not padding (a second archive is not read)", ex.Message);
    }

    [Fact]
    public void Cut_anywhere_before_the_trailers_name_ends_an_archive_is_refused_and_after_it_read()
    {
        var bytes = Sample();
        var end = bytes.AsSpan().IndexOf("TRAILER!!!\0"u8) + 11;
        for (var length = 0; length < end; length++)
        {
            Assert.Throws<InvalidDataException>(() => CpioNewcReader.List(bytes.AsSpan(0, length)));
        }

        for (var length = end; length <= bytes.Length; length++)
        {
            Assert.Equal(4, CpioNewcReader.List(bytes.AsSpan(0, length)).Count);
        }
    }

    [Fact]
    public void Any_one_byte_changed_is_read_or_refused_with_InvalidDataException_and_nothing_else()
    {
        var bytes = Sample();
        foreach (var value in new byte[] { 0, (byte)'0', (byte)'F', (byte)'f', 0xFF, (byte)'/' })
        {
            for (var at = 0; at < bytes.Length; at++)
            {
                var changed = (byte[])bytes.Clone();
                changed[at] = value;

                var thrown = Record.Exception(() => CpioNewcReader.List(changed));

                Assert.True(thrown is null or InvalidDataException, $"byte {at} set to 0x{value:X2}: {thrown}");
            }
        }
    }

    /// <summary>A few members of every type, for damaging.</summary>
    private static byte[] Sample() => Archive(w =>
    {
        w.AddDirectory("bin", (UnixFileMode)0x1ED);
        w.AddFile("bin/busybox", (UnixFileMode)0x1ED, "abcdefghij"u8);
        w.AddSymbolicLink("bin/sh", "busybox");
        w.AddFile("init", (UnixFileMode)0x1ED, "#!/bin/sh\n"u8);
    });

    private static byte[] Archive(Action<CpioNewcWriter> add)
    {
        using var output = new MemoryStream();
        var writer = new CpioNewcWriter(output, Epoch);
        add(writer);
        writer.Finish();
        return output.ToArray();
    }

    /// <summary>Overwrites field <paramref name="field"/> (0 is ino) of the header at <paramref name="at"/>.</summary>
    private static void Field(byte[] bytes, int at, int field, uint value) =>
        Encoding.ASCII.GetBytes($"{value:X8}").CopyTo(bytes, at + 6 + (field * 8));
}
