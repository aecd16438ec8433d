using System.Globalization;

namespace Flashsmith.Payloads;

/// <summary>
/// The 110-byte header of a cpio "newc" member (the SVR4 format without checksums that the Linux kernel unpacks):
/// the magic 070701, then thirteen fields of eight hexadecimal digits. The name, with its NUL, follows it.
/// </summary>
public readonly record struct CpioNewcHeader(
    uint Inode,
    uint Mode,
    uint Uid,
    uint Gid,
    uint LinkCount,
    uint ModifiedSeconds,
    uint FileSize,
    uint DevMajor,
    uint DevMinor,
    uint RDevMajor,
    uint RDevMinor,
    uint NameSize,
    uint Check)
{
    public const int Size = 110;

    /// <summary>The bits of <see cref="Mode"/> that hold the file type; the rest are permissions.</summary>
    public const uint TypeMask = 0xF000;

    /// <summary>The name of the member that ends an archive.</summary>
    public const string TrailerName = "TRAILER!!!";

    private const int FieldCount = 13;
    private const int DigitCount = 8;

    private static readonly string[] FieldNames =
    [
        "ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
    ];

    public static ReadOnlySpan<byte> Magic => "070701"u8;

    public CpioFileType Type => (CpioFileType)(Mode & TypeMask);

    /// <summary>Reads a header; <see cref="InvalidDataException"/> names the field when the magic or a digit is wrong.</summary>
    public static CpioNewcHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            throw new InvalidDataException($"the header is cut short: {data.Length} of {Size} bytes");
        }

        if (!data.StartsWith(Magic))
        {
            throw new InvalidDataException($"the magic is '{Printable(data[..Magic.Length])}', not '070701' (a newc cpio header)");
        }

        Span<uint> fields = stackalloc uint[FieldCount];
        for (var i = 0; i < FieldCount; i++)
        {
            fields[i] = Hex(data.Slice(Magic.Length + (i * DigitCount), DigitCount), FieldNames[i]);
        }

        return new(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8], fields[9], fields[10], fields[11], fields[12]);
    }

    public void Write(Span<byte> data)
    {
        Magic.CopyTo(data);
        ReadOnlySpan<uint> fields = [Inode, Mode, Uid, Gid, LinkCount, ModifiedSeconds, FileSize, DevMajor, DevMinor, RDevMajor, RDevMinor, NameSize, Check];
        for (var i = 0; i < FieldCount; i++)
        {
            // Upper-case digits, as the kernel's own gen_init_cpio writes them; readers take either case.
            fields[i].TryFormat(data.Slice(Magic.Length + (i * DigitCount), DigitCount), out _, "X8", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Eight hexadecimal digits, strictly: no sign, no space, no prefix (uint.Parse would take some of those).</summary>
    private static uint Hex(ReadOnlySpan<byte> digits, string field)
    {
        var value = 0u;
        foreach (var digit in digits)
        {
            var nibble = digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
                _ => throw new InvalidDataException($"its {field} field is '{Printable(digits)}', not eight hexadecimal digits"),
            };
            value = (value << 4) | (uint)nibble;
        }

        return value;
    }

    /// <summary>Bytes shown in a message: printable ASCII as is, anything else as \xNN.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new System.Text.StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }
}
