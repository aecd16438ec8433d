using System.Globalization;

namespace Flashsmith.Disk;

/// <summary>A count of bytes: parsed with units, printed in IEC units with the exact count.</summary>
public readonly record struct ByteSize(long Bytes) : IComparable<ByteSize>
{
    public const long KiB = 1024;
    public const long MiB = 1024 * KiB;
    public const long GiB = 1024 * MiB;

    public static ByteSize Zero => new(0);

    public static ByteSize FromKiB(long value) => new(checked(value * KiB));

    public static ByteSize FromMiB(long value) => new(checked(value * MiB));

    public bool IsMultipleOf(ByteSize unit) => unit.Bytes > 0 && Bytes % unit.Bytes == 0;

    public ByteSize AlignUp(ByteSize unit) =>
        unit.Bytes <= 1 ? this : new((Bytes + unit.Bytes - 1) / unit.Bytes * unit.Bytes);

    public ByteSize AlignDown(ByteSize unit) =>
        unit.Bytes <= 1 ? this : new(Bytes / unit.Bytes * unit.Bytes);

    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    public static ByteSize operator +(ByteSize a, ByteSize b) => new(checked(a.Bytes + b.Bytes));

    public static ByteSize operator -(ByteSize a, ByteSize b) => new(checked(a.Bytes - b.Bytes));

    public static bool operator <(ByteSize a, ByteSize b) => a.Bytes < b.Bytes;

    public static bool operator >(ByteSize a, ByteSize b) => a.Bytes > b.Bytes;

    public static bool operator <=(ByteSize a, ByteSize b) => a.Bytes <= b.Bytes;

    public static bool operator >=(ByteSize a, ByteSize b) => a.Bytes >= b.Bytes;

    /// <summary>
    /// Parses "32MiB", "512 KiB", "4MB", "65536": KiB/MiB/GiB are powers of two,
    /// kB/MB/GB powers of ten, a bare number is bytes. Units are case-sensitive
    /// because "mb" (millibits) and "Mb" (megabits) are not bytes.
    /// </summary>
    public static bool TryParse(string text, out ByteSize size)
    {
        size = Zero;
        var span = text.AsSpan().Trim();
        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            digits++;
        }

        if (digits == 0 || digits > 18)
        {
            return false;
        }

        var number = long.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
        var unit = span[digits..].TrimStart();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "KiB" => KiB,
            "MiB" => MiB,
            "GiB" => GiB,
            "TiB" => 1024 * GiB,
            "kB" => 1000,
            "MB" => 1000_000,
            "GB" => 1000_000_000,
            "TB" => 1000_000_000_000,
            _ => 0,
        };
        if (multiplier == 0 || number > long.MaxValue / multiplier)
        {
            return false;
        }

        size = new ByteSize(number * multiplier);
        return true;
    }

    /// <summary>The shortest exact IEC form: "32 MiB", "1536 KiB", "1000 bytes".</summary>
    public string ToIecString()
    {
        string[] units = ["TiB", "GiB", "MiB", "KiB"];
        long[] factors = [1024 * GiB, GiB, MiB, KiB];
        for (var i = 0; i < units.Length; i++)
        {
            if (Bytes != 0 && Bytes % factors[i] == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Bytes / factors[i]} {units[i]}");
            }
        }

        return Bytes == 1 ? "1 byte" : string.Create(CultureInfo.InvariantCulture, $"{Bytes} bytes");
    }

    /// <summary>A rounded IEC form for people: "3.9 MiB".</summary>
    public string ToApproximateString()
    {
        string[] units = ["GiB", "MiB", "KiB"];
        long[] factors = [GiB, MiB, KiB];
        for (var i = 0; i < units.Length; i++)
        {
            if (Math.Abs(Bytes) >= factors[i])
            {
                var value = (double)Bytes / factors[i];
                return Bytes % factors[i] == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{Bytes / factors[i]} {units[i]}")
                    : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[i]}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Bytes} B");
    }

    /// <summary>"32 MiB (33554432 bytes)", or "1000 bytes" when there is no shorter form.</summary>
    public override string ToString()
    {
        var iec = ToIecString();
        return iec.EndsWith("byte", StringComparison.Ordinal) || iec.EndsWith("bytes", StringComparison.Ordinal)
            ? iec
            : string.Create(CultureInfo.InvariantCulture, $"{iec} ({Bytes} bytes)");
    }

    /// <summary>"0x2100000 (34603008)": how offsets appear in messages.</summary>
    public string ToOffsetString() =>
        string.Create(CultureInfo.InvariantCulture, $"0x{Bytes:x} ({Bytes})");
}
