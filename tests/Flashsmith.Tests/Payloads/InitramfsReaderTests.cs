using System.Buffers.Binary;
using Flashsmith.Disk;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InitramfsReaderTests : IDisposable
{
    private const long Epoch = 1_704_067_200;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void What_the_packer_made_lists_back_with_owner_time_modes_sizes_and_link_targets()
    {
        var gz = Packed();

        var entries = InitramfsReader.List(gz);

        Assert.Equal(SampleRootfs.Members.Select(m => m.Path), entries.Select(e => e.Path));
        Assert.All(entries, e => Assert.Equal((0u, 0u, (uint)Epoch, 0u, 0u), (e.Uid, e.Gid, e.ModifiedSeconds, e.DeviceMajor, e.DeviceMinor)));
        Assert.Equal(SampleRootfs.Members.Select(m => m.Target), entries.Select(e => e.LinkTarget));
        Assert.Equal(
            SampleRootfs.Members.Select(m => m.Mode switch
            {
                "drwxr-xr-x" => 0x41EDu,
                "-rwxr-xr-x" => 0x81EDu,
                "-rw-r--r--" => 0x81A4u,
                _ => 0xA1FFu,
            }),
            entries.Select(e => e.Mode));
        Assert.Equal(
            SampleRootfs.Members.Select(m => (uint)(SampleRootfs.Contents.TryGetValue(m.Path, out var c) ? c.Length : m.Target?.Length ?? 0)),
            entries.Select(e => e.Size));
    }

    [Fact]
    public void Read_file_gives_each_file_as_packed()
    {
        var gz = Packed();

        Assert.All(SampleRootfs.Contents, f => Assert.Equal(f.Value, InitramfsReader.ReadFile(gz, "/" + f.Key)));
        Assert.Null(InitramfsReader.ReadFile(gz, "/bin/sh"));
    }

    [Fact]
    public void Cut_at_every_37th_byte_it_is_refused_with_InvalidDataException()
    {
        var gz = Packed();
        for (var length = 0; length < gz.Length; length += 37)
        {
            Assert.Throws<InvalidDataException>(() => InitramfsReader.List(gz.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Any_flipped_byte_gives_the_same_listing_or_InvalidDataException_and_nothing_else()
    {
        var gz = Packed();
        var listing = InitramfsReader.List(gz);
        for (var at = 0; at < gz.Length; at++)
        {
            var changed = (byte[])gz.Clone();
            changed[at] ^= (byte)(1 << (at % 8));

            var read = (IReadOnlyList<InitramfsEntry>?)null;
            var thrown = Record.Exception(() => read = InitramfsReader.List(changed));

            Assert.True(thrown is InvalidDataException || (thrown is null && read!.SequenceEqual(listing)), $"byte {at}: {thrown}");
        }
    }

    [Fact]
    public void A_damaged_cpio_inside_an_intact_gzip_is_refused_saying_it_is_in_the_decompressed_archive()
    {
        using var cpio = new MemoryStream();
        var writer = new CpioNewcWriter(cpio, (uint)Epoch);
        writer.AddFile("init", (UnixFileMode)0x1ED, "#!/bin/sh\n"u8);
        writer.Finish();
        var bytes = cpio.ToArray();
        "FFFFFFFF"u8.CopyTo(bytes.AsSpan(6 + (6 * 8)));

        var ex = Assert.Throws<InvalidDataException>(() => InitramfsReader.List(DeterministicGzip.Compress(bytes)));

        Assert.Equal("its decompressed cpio archive is wrong: member 1 at offset 0x0 (0) (init): its 4294967295 bytes of data run past the end of the archive at 0x200 (512)", ex.Message);
    }

    [Fact]
    public void A_gzip_bomb_over_256_MiB_is_refused_whether_its_trailer_tells_the_truth_or_not()
    {
        var bomb = DeterministicGzipTests.Bomb(InitramfsReader.MaxArchiveSize + ByteSize.MiB);

        var honest = Assert.Throws<InvalidDataException>(() => InitramfsReader.List(bomb));
        BinaryPrimitives.WriteUInt32LittleEndian(bomb.AsSpan(^4), 1_000_000);
        var lying = Assert.Throws<InvalidDataException>(() => InitramfsReader.List(bomb));

        Assert.Equal($"its trailer declares {InitramfsReader.MaxArchiveSize + ByteSize.MiB} bytes of data, more than the 268435456 allowed", honest.Message);
        Assert.Equal("it decompresses to more than the 1000000 bytes its trailer declares", lying.Message);
    }

    [Fact]
    public void An_initramfs_made_by_GNU_cpio_and_gzip_is_listed()
    {
        var tree = Directory.CreateDirectory(temp.File("tree")).FullName;
        File.WriteAllText(Path.Combine(tree, "init"), "#!/bin/sh\n");
        var archive = temp.File("gnu.cpio");
        CpioJudge.Create(tree, ["init"], archive);
        ExternalTool.Check("gzip", "-9", archive);

        var entry = Assert.Single(InitramfsReader.List(File.ReadAllBytes(archive + ".gz")));

        Assert.Equal(("init", CpioFileType.RegularFile, 10u), (entry.Path, entry.Type, entry.Size));
    }

    private byte[] Packed()
    {
        var at = temp.File("checkout");
        return InitramfsPacker.Pack(SampleRootfs.Write(at, groupWritable: false, reversed: false), SampleRootfs.Additions(at), Epoch);
    }
}
