using Flashsmith.Disk;

namespace Flashsmith.Signing;

/// <summary>
/// A PE image's attribute certificate table: WIN_CERTIFICATE entries one after another, each starting at the
/// 8-byte boundary after the one before, counted from the table's start (as firmware and sbverify walk it).
/// </summary>
public sealed record CertificateTable(int Offset, int Size, IReadOnlyList<(int Offset, WinCertificate Header)> Entries)
{
    /// <summary>
    /// The table <paramref name="layout"/> points at; no entries when there is none. Throws
    /// <see cref="InvalidPeImageException"/> when the entries' lengths do not add up to the table's size.
    /// The last entry may end the table without its padding: <see cref="PaddedSize"/> then says so.
    /// </summary>
    public static CertificateTable Read(ReadOnlySpan<byte> image, PeLayout layout)
    {
        var entries = new List<(int Offset, WinCertificate Header)>();
        long at = layout.CertificateTableOffset;
        var end = at + layout.CertificateTableSize;
        while (at < end)
        {
            var left = end - at;
            if (left < WinCertificate.Size)
            {
                throw new InvalidPeImageException($"{Name(layout)} does not add up: {left} bytes are left after its {EntryCount(entries.Count)}, too few for a WIN_CERTIFICATE header ({WinCertificate.Size} bytes)");
            }

            var header = WinCertificate.Read(image[(int)at..]);
            if (header.Length < WinCertificate.Size || header.Length > left)
            {
                throw new InvalidPeImageException($"{Name(layout)} does not add up: entry {entries.Count + 1} at {new ByteSize(at).ToOffsetString()} claims {header.Length} bytes, but {left} are left in the table");
            }

            entries.Add(((int)at, header));
            at += header.PaddedLength;
        }

        return new CertificateTable(layout.CertificateTableOffset, layout.CertificateTableSize, entries);
    }

    /// <summary>The table's size with its last entry padded to 8 bytes: where an entry added after it starts, counted from <see cref="Offset"/>.</summary>
    public int PaddedSize => Entries.Count == 0 ? 0 : (int)(Entries[^1].Offset + Entries[^1].Header.PaddedLength - Offset);

    /// <summary>
    /// Null when every entry, the last one too, is padded with zeros to 8 bytes; else which is not. Firmware
    /// steps from entry to entry by padded lengths and refuses a table it does not end on exactly.
    /// </summary>
    public string? PaddingProblem(ReadOnlySpan<byte> image)
    {
        if (PaddedSize != Size)
        {
            return $"its certificate table ends {PaddedSize - Size} bytes short of its last entry's padding to 8 bytes (entry {Entries.Count} at {new ByteSize(Entries[^1].Offset).ToOffsetString()} with {Entries[^1].Header.Length} bytes)";
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            var (offset, header) = Entries[i];
            if (image.Slice(offset + (int)header.Length, (int)(header.PaddedLength - header.Length)).ContainsAnyExcept((byte)0))
            {
                return $"its certificate table's entry {i + 1} at {new ByteSize(offset).ToOffsetString()} is padded to 8 bytes with other bytes than zeros";
            }
        }

        return null;
    }

    private static string Name(PeLayout layout) =>
        $"the PE certificate table at {new ByteSize(layout.CertificateTableOffset).ToOffsetString()} with {layout.CertificateTableSize} bytes";

    private static string EntryCount(int count) => count == 1 ? "1 entry" : $"{count} entries";
}
