using System.Buffers.Binary;
using System.IO.Compression;
using Flashsmith.Disk;

namespace Flashsmith.Payloads;

/// <summary>
/// Gzip (RFC 1952) with a header of fixed bytes, free of the time, file name and host system gzip would put there;
/// and a reader of one-member gzip files that refuses damaged, truncated and oversized ones.
/// </summary>
/// <remarks>
/// The deflate body comes from .NET's DeflateStream, that is from the zlib-ng built into the runtime. zlib-ng promises
/// the same output only for the same version (and has differed between x86-64 and arm64), so the bytes are
/// reproducible for one runtime version and architecture; the cpio inside them does not depend on either.
/// </remarks>
public static class DeterministicGzip
{
    public const int HeaderSize = 10;
    public const int TrailerSize = 8;

    /// <summary>
    /// Level 9. On 2 MB shaped like an initramfs (1.5 MB of x86-64 programs, 0.5 MB of scripts and configuration) it
    /// made 868,310 bytes in 125-180 ms, where Optimal (level 6) made 899,157 bytes in 37-70 ms (.NET 10.0.12, two
    /// busy cores): 3.4% fewer bytes for about 0.1 s more per 2 MB. An initramfs is packed only when its inputs
    /// change, and it lives on a 32 MiB flash where every partition has a size budget; the bytes matter more.
    /// </summary>
    private const CompressionLevel Level = CompressionLevel.SmallestSize;

    private const byte Deflate = 8;

    /// <summary>XFL 2: "maximum compression", as gzip -9 marks it; it goes with <see cref="Level"/>.</summary>
    private const byte MaximumCompression = 2;

    /// <summary>OS 255, "unknown": gzip itself writes the host's system here, which would tie the bytes to the machine.</summary>
    private const byte UnknownSystem = 255;

    private const byte HeaderCrcFlag = 0x02;
    private const byte ExtraFlag = 0x04;
    private const byte NameFlag = 0x08;
    private const byte CommentFlag = 0x10;
    private const byte ReservedFlags = 0xE0;

    /// <summary>
    /// The header this class writes: ID1 ID2, CM deflate, no flags (so no name and no comment), MTIME 0 (RFC 1952: no
    /// time stamp), XFL, OS.
    /// </summary>
    public static ReadOnlySpan<byte> Header => [0x1F, 0x8B, Deflate, 0, 0, 0, 0, 0, MaximumCompression, UnknownSystem];

    /// <summary>BFINAL 1, BTYPE 01 (fixed Huffman codes), then the end-of-block code: what gzip writes for an empty file.</summary>
    private static ReadOnlySpan<byte> EmptyDeflate => [0x03, 0x00];

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        output.Write(Header);
        if (data.IsEmpty)
        {
            // DeflateStream writes nothing at all for no input; a deflate stream needs one final block, here an empty fixed one.
            output.Write(EmptyDeflate);
        }
        else
        {
            using var deflate = new DeflateStream(output, Level, leaveOpen: true);
            deflate.Write(data);
        }

        Span<byte> trailer = stackalloc byte[TrailerSize];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Compute(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        output.Write(trailer);
        return output.ToArray();
    }

    /// <summary>
    /// The data of a one-member gzip file of at most <paramref name="maxSize"/> bytes decompressed. Any flags a
    /// gzip writer may set are understood; the CRC-32 and size in the trailer are checked. Whatever is wrong, the
    /// exception is <see cref="InvalidDataException"/>, and no more than the declared size (itself at most
    /// <paramref name="maxSize"/>, and at most what the deflate data can hold) is ever held in memory.
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> gz, int maxSize)
    {
        var bodyAt = BodyOffset(gz);
        var declaredCrc = BinaryPrimitives.ReadUInt32LittleEndian(gz[^TrailerSize..]);
        var declaredSize = BinaryPrimitives.ReadUInt32LittleEndian(gz[^4..]);
        if (declaredSize > maxSize)
        {
            throw new InvalidDataException($"its trailer declares {declaredSize} bytes of data, more than the {maxSize} allowed");
        }

        var body = gz[bodyAt..^TrailerSize];
        if (declaredSize > MostInflated(body.Length))
        {
            throw new InvalidDataException($"its trailer declares {declaredSize} bytes of data, more than its {body.Length} bytes of deflate data can hold (at most {MostInflated(body.Length)})");
        }

        var data = new byte[declaredSize];
        var (filled, more) = Inflate(body, data);

        // A deflate stream that stops early ends quietly; the trailer's size and CRC-32 are what catch it.
        if (filled < data.Length)
        {
            throw new InvalidDataException($"it is damaged or cut short: it decompresses to {filled} bytes where its trailer declares {declaredSize}");
        }

        if (more)
        {
            throw new InvalidDataException($"it decompresses to more than the {declaredSize} bytes its trailer declares");
        }

        var crc = Crc32.Compute(data);
        if (crc != declaredCrc)
        {
            throw new InvalidDataException($"its data has CRC-32 0x{crc:X8} where its trailer declares 0x{declaredCrc:X8}: it is damaged");
        }

        return data;
    }

    /// <summary>
    /// The most that <paramref name="deflateBytes"/> bytes of deflate data can decompress to. Deflate's longest match is
    /// 258 bytes, and its shortest code for one (a length code and a distance code) takes 2 bits: at most 1032 bytes
    /// come out of each byte, after one literal and a block header. A trailer that declares more lies, and is refused
    /// before anything of its size is allocated.
    /// </summary>
    private static long MostInflated(int deflateBytes) => (deflateBytes * 1032L) + 258;

    /// <summary>Where the deflate body starts, after the header and the optional fields its flags announce (FTEXT, a hint, changes nothing).</summary>
    private static int BodyOffset(ReadOnlySpan<byte> gz)
    {
        if (gz.Length < HeaderSize + TrailerSize)
        {
            throw new InvalidDataException($"it is {gz.Length} bytes, too short for gzip (a header and trailer alone take {HeaderSize + TrailerSize})");
        }

        if (gz[0] != 0x1F || gz[1] != 0x8B)
        {
            throw new InvalidDataException($"it is not gzip: it starts with {gz[0]:X2} {gz[1]:X2}, not 1F 8B");
        }

        if (gz[2] != Deflate)
        {
            throw new InvalidDataException($"its compression method is {gz[2]}, not {Deflate} (deflate)");
        }

        var flags = gz[3];
        if ((flags & ReservedFlags) != 0)
        {
            throw new InvalidDataException($"its header sets reserved flags (0x{flags:X2})");
        }

        var at = HeaderSize;
        var end = gz.Length - TrailerSize;
        if ((flags & ExtraFlag) != 0)
        {
            at = Require(at + 2 <= end ? at + 2 + BinaryPrimitives.ReadUInt16LittleEndian(gz[at..]) : int.MaxValue, end, "extra field");
        }

        if ((flags & NameFlag) != 0)
        {
            at = Require(AfterNul(gz, at, end), end, "file name");
        }

        if ((flags & CommentFlag) != 0)
        {
            at = Require(AfterNul(gz, at, end), end, "comment");
        }

        if ((flags & HeaderCrcFlag) != 0)
        {
            at = Require(at + 2, end, "header CRC");
            var expected = BinaryPrimitives.ReadUInt16LittleEndian(gz[(at - 2)..]);
            var actual = (ushort)Crc32.Compute(gz[..(at - 2)]);
            if (actual != expected)
            {
                throw new InvalidDataException($"its header has CRC-16 0x{actual:X4} where it declares 0x{expected:X4}");
            }
        }

        return at;
    }

    /// <summary>
    /// Fills <paramref name="data"/> from the deflate body, and reads one byte more to learn whether more follows:
    /// a gzip bomb that lies in its trailer is stopped there, having cost no more than the declared size.
    /// </summary>
    private static (int Filled, bool More) Inflate(ReadOnlySpan<byte> body, byte[] data)
    {
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(body.ToArray()), CompressionMode.Decompress);
            var filled = 0;
            while (filled < data.Length && inflate.Read(data, filled, data.Length - filled) is > 0 and var read)
            {
                filled += read;
            }

            return (filled, filled == data.Length && inflate.ReadByte() >= 0);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"its deflate data is damaged: {ex.Message}", ex);
        }
    }

    private static int AfterNul(ReadOnlySpan<byte> gz, int at, int end) =>
        gz[at..end].IndexOf((byte)0) is >= 0 and var nul ? at + nul + 1 : int.MaxValue;

    private static int Require(int next, int end, string field) =>
        next <= end ? next : throw new InvalidDataException($"its header's {field} runs into the trailer: it is cut short or damaged");
}
