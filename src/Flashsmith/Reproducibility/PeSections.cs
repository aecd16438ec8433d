using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Flashsmith.Signing;

namespace Flashsmith.Reproducibility;

/// <summary>Which part of a PE/EFI file holds a byte: the headers, a section (by name), the certificate table, or none of them.</summary>
public static class PeSections
{
    /// <summary>The part of <paramref name="image"/> that holds <paramref name="offset"/>; null when the file is not a PE image.</summary>
    public static string? WhatHolds(ReadOnlySpan<byte> image, long offset)
    {
        PeLayout layout;
        try
        {
            layout = PeLayout.Read(image);
        }
        catch (InvalidPeImageException)
        {
            return null;
        }

        if (layout.CertificateTableSize > 0 && offset >= layout.CertificateTableOffset && offset < (long)layout.CertificateTableOffset + layout.CertificateTableSize)
        {
            return "the certificate table (the Authenticode signature)";
        }

        if (offset < layout.SizeOfHeaders)
        {
            return offset == layout.ChecksumOffset || offset == layout.ChecksumOffset + 1 || offset == layout.ChecksumOffset + 2 || offset == layout.ChecksumOffset + 3
                ? "the PE headers (the checksum)"
                : "the PE headers";
        }

        var pe = BinaryPrimitives.ReadInt32LittleEndian(image[0x3C..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(image[(pe + 6)..]);
        var table = pe + 24 + BinaryPrimitives.ReadUInt16LittleEndian(image[(pe + 20)..]);
        for (var i = 0; i < count && table + ((i + 1) * 40) <= image.Length; i++)
        {
            var header = image.Slice(table + (i * 40), 40);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            var start = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            if (offset >= start && offset < (long)start + size)
            {
                var name = Encoding.ASCII.GetString(header[..8]).TrimEnd('\0');
                return string.Create(CultureInfo.InvariantCulture, $"PE section {name}");
            }
        }

        return "no PE section";
    }
}
