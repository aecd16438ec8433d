using System.Text;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

public sealed class CpioNewcWriterTests : IDisposable
{
    private const uint Epoch = 1_704_067_200;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Every_padding_of_name_and_data_reads_back_through_cpio()
    {
        using var archive = new MemoryStream();
        var writer = new CpioNewcWriter(archive, Epoch);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var nameLength = 1; nameLength <= 8; nameLength++)
        {
            for (var size = 0; size <= 5; size++)
            {
                var name = $"{new string((char)('a' + nameLength - 1), nameLength)}{size}";
                files[name] = Encoding.ASCII.GetBytes(new string('z', size));
                writer.AddFile(name, (UnixFileMode)0x1A4, files[name]);
            }
        }

        writer.Finish();
        var path = temp.File("padding.cpio");
        File.WriteAllBytes(path, archive.ToArray());
        var unpacked = temp.File("unpacked");
        CpioJudge.Extract(path, unpacked);

        Assert.Equal(files.Keys, CpioJudge.Names(path));
        Assert.All(files, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(unpacked, f.Key))));
    }

    [Fact]
    public void Members_are_numbered_from_1_in_order_the_trailer_is_zero_and_the_archive_ends_on_a_512_byte_block()
    {
        using var archive = new MemoryStream();
        var writer = new CpioNewcWriter(archive, Epoch);
        writer.AddDirectory("bin", (UnixFileMode)0x1ED);
        writer.AddFile("bin/busybox", (UnixFileMode)0x1ED, "bb"u8);
        writer.AddSymbolicLink("bin/sh", "busybox");

        writer.Finish();

        var bytes = archive.ToArray();
        Assert.Equal(512, bytes.Length);
        var headers = Headers(bytes);
        Assert.Equal([1u, 2u, 3u, 0u], headers.Select(h => h.Header.Inode));
        Assert.Equal(["bin", "bin/busybox", "bin/sh", "TRAILER!!!"], headers.Select(h => h.Name));
        Assert.Equal([0x41EDu, 0x81EDu, 0xA1FFu, 0u], headers.Select(h => h.Header.Mode));
        Assert.Equal([2u, 1u, 1u, 1u], headers.Select(h => h.Header.LinkCount));
        Assert.Equal([Epoch, Epoch, Epoch, 0u], headers.Select(h => h.Header.ModifiedSeconds));
        Assert.Equal([0u, 2u, 7u, 0u], headers.Select(h => h.Header.FileSize));
        Assert.All(headers.Take(3), h => Assert.Equal(new CpioNewcHeader(h.Header.Inode, h.Header.Mode, 0, 0, h.Header.LinkCount, Epoch, h.Header.FileSize, 0, 0, 0, 0, h.Header.NameSize, 0), h.Header));
        Assert.Equal("busybox", Encoding.ASCII.GetString(bytes, headers[2].DataOffset, 7));
        Assert.All(bytes[(headers[3].DataOffset)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Cpio_shows_the_owner_links_and_modes_written()
    {
        using var archive = new MemoryStream();
        var writer = new CpioNewcWriter(archive, Epoch);
        writer.AddDirectory("dev", (UnixFileMode)0x1ED);
        writer.AddFile("secret", (UnixFileMode)0x180, "s"u8);
        writer.AddSymbolicLink("sbin", "/bin");
        writer.Finish();
        var path = temp.File("modes.cpio");
        File.WriteAllBytes(path, archive.ToArray());

        var lines = CpioJudge.Verbose(path);

        Assert.Equal(
            [
                new CpioJudge.Line("drwxr-xr-x", 2, 0, 0, 0, "Jan 1 2024", "dev"),
                new CpioJudge.Line("-rw-------", 1, 0, 0, 1, "Jan 1 2024", "secret"),
                new CpioJudge.Line("lrwxrwxrwx", 1, 0, 0, 4, "Jan 1 2024", "sbin -> /bin"),
            ],
            lines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("TRAILER!!!")]
    public void A_name_that_cannot_name_a_member_is_refused(string name)
    {
        var writer = new CpioNewcWriter(new MemoryStream(), Epoch);

        var ex = Assert.Throws<ArgumentException>(() => writer.AddFile(name, (UnixFileMode)0x1A4, []));

        Assert.StartsWith($"'{name}' cannot name a cpio member", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_type_bits_among_the_permissions_are_refused()
    {
        var writer = new CpioNewcWriter(new MemoryStream(), Epoch);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddFile("a", (UnixFileMode)0x81A4, []));
    }

    [Fact]
    public void Nothing_may_be_added_after_the_trailer()
    {
        var writer = new CpioNewcWriter(new MemoryStream(), Epoch);
        writer.Finish();

        Assert.Throws<ObjectDisposedException>(() => writer.AddDirectory("late", (UnixFileMode)0x1ED));
    }

    /// <summary>Each member's header, name and data offset, found by walking the archive by hand.</summary>
    private static List<(CpioNewcHeader Header, string Name, int DataOffset)> Headers(byte[] bytes)
    {
        var found = new List<(CpioNewcHeader, string, int)>();
        var at = 0;
        while (true)
        {
            var header = CpioNewcHeader.Read(bytes.AsSpan(at));
            var name = Encoding.ASCII.GetString(bytes, at + CpioNewcHeader.Size, (int)header.NameSize - 1);
            Assert.Equal(0, bytes[at + CpioNewcHeader.Size + (int)header.NameSize - 1]);
            var data = (at + CpioNewcHeader.Size + (int)header.NameSize + 3) & ~3;
            found.Add((header, name, data));
            if (name == "TRAILER!!!")
            {
                return found;
            }

            at = (data + (int)header.FileSize + 3) & ~3;
        }
    }
}
