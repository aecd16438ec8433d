using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

public sealed class DeterministicGzipTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_header_has_no_time_no_name_and_an_unknown_system()
    {
        var gz = DeterministicGzip.Compress("hello"u8);

        // ID1 ID2, deflate, no flags, MTIME 0, XFL 2 (maximum compression), OS 255 (unknown).
        Assert.Equal(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xFF }, gz[..10]);
        Assert.Equal(DeterministicGzip.Header.ToArray(), gz[..10]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)]
    [InlineData(2_000_000)]
    public void Gzip_tests_and_decompresses_it_to_the_input(int length)
    {
        var data = Sample(length);
        var packed = temp.File($"data-{length}.gz");
        File.WriteAllBytes(packed, DeterministicGzip.Compress(data));

        ExternalTool.Check("gzip", "-t", packed);
        ExternalTool.Check("gzip", "-d", "-k", packed);

        Assert.Equal(data, File.ReadAllBytes(temp.File($"data-{length}")));
    }

    [Fact]
    public void The_trailer_holds_the_CRC32_and_size_gzip_reports()
    {
        var data = Sample(12345);
        var gz = DeterministicGzip.Compress(data);
        var packed = temp.File("sample.gz");
        File.WriteAllBytes(packed, gz);

        // "method  crc     date  time           compressed        uncompressed  ratio uncompressed_name"
        var words = ExternalTool.Check("gzip", "-l", "-v", packed).Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal($"{BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(^8)):x8}", words[1]);
        Assert.Equal("12345", words[6]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2_000_000)]
    public void What_it_compresses_it_decompresses(int length)
    {
        var data = Sample(length);

        Assert.Equal(data, DeterministicGzip.Decompress(DeterministicGzip.Compress(data), 2_000_000));
    }

    [Fact]
    public void A_file_gzip_compressed_with_its_name_and_time_is_read()
    {
        var data = Sample(50_000);
        var named = temp.File("named.cpio");
        File.WriteAllBytes(named, data);
        ExternalTool.Check("gzip", "-9", "-N", named);
        var gz = File.ReadAllBytes(named + ".gz");
        Assert.Equal(0x08, gz[3]);

        Assert.Equal(data, DeterministicGzip.Decompress(gz, data.Length));
    }

    [Fact]
    public void Extra_field_name_comment_and_header_CRC_are_skipped_and_the_header_CRC_checked()
    {
        var data = Sample(1000);
        var plain = DeterministicGzip.Compress(data);
        var header = new List<byte>(plain[..10]) { [3] = 0x1E };
        header.AddRange([3, 0, (byte)'a', (byte)'b', (byte)'c']);
        header.AddRange(Encoding.ASCII.GetBytes("initramfs.cpio\0a comment\0"));
        var crc = (ushort)Flashsmith.Disk.Crc32.Compute(header.ToArray());
        header.AddRange([(byte)crc, (byte)(crc >> 8)]);
        var gz = header.Concat(plain[10..]).ToArray();

        Assert.Equal(data, DeterministicGzip.Decompress(gz, data.Length));
        gz[header.Count - 2] ^= 1;
        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, data.Length));
        Assert.Equal($"its header has CRC-16 0x{crc:X4} where it declares 0x{crc ^ 1:X4}", ex.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8C }, 0, "it is not gzip: it starts with 1F 8C, not 1F 8B")]
    [InlineData(new byte[] { 7 }, 2, "its compression method is 7, not 8 (deflate)")]
    [InlineData(new byte[] { 0x20 }, 3, "its header sets reserved flags (0x20)")]
    [InlineData(new byte[] { 0x04, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF }, 3, "its header's extra field runs into the trailer: it is cut short or damaged")]
    public void A_wrong_header_is_refused_saying_what_is_wrong(byte[] bytes, int at, string message)
    {
        var gz = DeterministicGzip.Compress(Sample(100));
        bytes.CopyTo(gz, at);

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 100));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_file_name_without_its_NUL_is_refused()
    {
        byte[] gz = [0x1F, 0x8B, 0x08, 0x08, 0, 0, 0, 0, 0, 0xFF, .. "initramfs.cpio"u8, 1, 2, 3, 4, 5, 6, 7, 8];

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 100));

        Assert.Equal("its header's file name runs into the trailer: it is cut short or damaged", ex.Message);
    }

    [Fact]
    public void A_changed_CRC32_is_refused()
    {
        var gz = DeterministicGzip.Compress(Sample(100));
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(^8));
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(^8), crc + 1);

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 100));

        Assert.Equal($"its data has CRC-32 0x{crc:X8} where its trailer declares 0x{crc + 1:X8}: it is damaged", ex.Message);
    }

    [Fact]
    public void A_declared_size_over_the_limit_is_refused_before_decompressing()
    {
        var gz = DeterministicGzip.Compress(Sample(1001));

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 1000));

        Assert.Equal("its trailer declares 1001 bytes of data, more than the 1000 allowed", ex.Message);
    }

    [Fact]
    public void A_declared_size_more_than_the_deflate_data_can_hold_is_refused_before_it_is_allocated()
    {
        // Found by fuzzing: 109 bytes whose trailer declares 256 MiB made the reader allocate 256 MiB before inflating.
        var gz = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "tests", "fuzz", "regressions", "initramfs", "crash-1f8ef8689130"));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, InitramfsReader.MaxArchiveSize));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, $"allocated {GC.GetAllocatedBytesForCurrentThread() - before} bytes");
        Assert.Equal($"its trailer declares {256 * 1024 * 1024} bytes of data, more than its 91 bytes of deflate data can hold (at most {(91 * 1032) + 258})", ex.Message);
    }

    [Fact]
    public void Zeros_compressed_as_tightly_as_gzip_and_zlib_can_are_within_what_deflate_data_can_hold()
    {
        // Runs of zeros give deflate's highest ratio: what real compressors make of them must still be read.
        var zeros = new byte[16 * 1024 * 1024];
        var file = temp.File("zeros");
        File.WriteAllBytes(file, zeros);
        var gzip = ExternalTool.Run("gzip", "-9", "-n", "-k", file);
        Assert.True(gzip.ExitCode == 0, gzip.Error);

        foreach (var gz in new[] { File.ReadAllBytes(file + ".gz"), DeterministicGzip.Compress(zeros) })
        {
            Assert.Equal(zeros, DeterministicGzip.Decompress(gz, zeros.Length));
        }
    }

    [Fact]
    public void Data_beyond_a_smaller_declared_size_is_refused_as_soon_as_it_shows()
    {
        var gz = DeterministicGzip.Compress(Sample(5000));
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(^4), 4999);

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 100_000));

        Assert.Equal("it decompresses to more than the 4999 bytes its trailer declares", ex.Message);
    }

    [Fact]
    public void Less_data_than_declared_is_refused()
    {
        var gz = DeterministicGzip.Compress(Sample(5000));
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(^4), 5001);

        var ex = Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 100_000));

        Assert.Equal("it is damaged or cut short: it decompresses to 5000 bytes where its trailer declares 5001", ex.Message);
    }

    [Fact]
    public void Two_members_one_after_the_other_are_refused()
    {
        var data = Sample(3000);
        byte[] gz = [.. DeterministicGzip.Compress(data), .. DeterministicGzip.Compress(data.AsSpan(0, 1000))];

        Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz, 100_000));
    }

    [Fact]
    public void Cut_at_any_length_it_is_refused()
    {
        var gz = DeterministicGzip.Compress(Sample(20_000));
        for (var length = 0; length < gz.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => DeterministicGzip.Decompress(gz.AsSpan(0, length), 100_000));
        }
    }

    [Fact]
    public void Any_one_byte_flipped_is_read_the_same_or_refused_with_InvalidDataException_and_nothing_else()
    {
        var data = Sample(20_000);
        var gz = DeterministicGzip.Compress(data);
        foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var at = 0; at < gz.Length; at++)
            {
                var changed = (byte[])gz.Clone();
                changed[at] ^= mask;

                var read = (byte[]?)null;
                var thrown = Record.Exception(() => read = DeterministicGzip.Decompress(changed, 100_000));

                Assert.True(thrown is InvalidDataException || (thrown is null && read!.AsSpan().SequenceEqual(data)), $"byte {at} ^ 0x{mask:X2}: {thrown}");
            }
        }
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes_each_time()
    {
        var data = Sample(300_000);

        Assert.Equal(DeterministicGzip.Compress(data), DeterministicGzip.Compress(data));
    }

    /// <summary>Half text, half random bytes: something deflate can shrink and something it cannot.</summary>
    internal static byte[] Sample(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data.AsSpan(length / 2));
        for (var i = 0; i < length / 2; i++)
        {
            data[i] = (byte)"the quick brown fox jumps over the lazy dog\n"[i % 44];
        }

        return data;
    }

    /// <summary>More than <paramref name="length"/> zero bytes, deflated and framed as gzip by the system library: a gzip bomb.</summary>
    internal static byte[] Bomb(long length)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
