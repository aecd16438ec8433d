using System.Security.Cryptography;

namespace Flashsmith.Disk.Imaging;

/// <summary>A whole disk image as extents in offset order; the bytes between them are zero.</summary>
public sealed record DiskImageLayout(ByteSize Size, IReadOnlyList<DiskExtent> Extents)
{
    /// <summary>The bytes the extents hold: what a sparse write actually writes.</summary>
    public long MappedBytes => Extents.Sum(e => e.Content.Length);

    /// <summary>The SHA-256 of the image these extents make, without writing it anywhere.</summary>
    public byte[] Sha256(CancellationToken cancellation = default)
    {
        using var hash = SHA256.Create();
        using (var stream = new CryptoStream(Stream.Null, hash, CryptoStreamMode.Write))
        {
            long at = 0;
            foreach (var extent in Extents.OrderBy(e => e.Offset))
            {
                cancellation.ThrowIfCancellationRequested();
                WriteZeros(stream, extent.Offset - at);
                extent.Content.CopyTo(stream);
                at = extent.End;
            }

            WriteZeros(stream, Size.Bytes - at);
        }

        return hash.Hash!;
    }

    private static void WriteZeros(Stream stream, long count)
    {
        var zeros = new byte[(int)Math.Min(Math.Max(count, 0), 1 << 16)];
        for (var left = count; left > 0; left -= zeros.Length)
        {
            stream.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
        }
    }
}
