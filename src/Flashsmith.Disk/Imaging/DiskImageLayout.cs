using System.Security.Cryptography;

namespace Flashsmith.Disk.Imaging;

/// <summary>A whole disk image as extents in offset order; the bytes between them are zero.</summary>
public sealed record DiskImageLayout(ByteSize Size, IReadOnlyList<DiskExtent> Extents)
{
    /// <summary>The bytes the extents hold: what a sparse write actually writes.</summary>

    /// <summary>The SHA-256 of the image these extents make, without writing it anywhere.</summary>
    public byte[] Sha256(CancellationToken cancellation = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        // A buffer of this call's own: a static one would be made at every start of the tool, needed or not.
        var zeros = new byte[1 << 20];
        using (var stream = new HashingStream(hash))
        {
            long at = 0;
            foreach (var extent in Extents.OrderBy(e => e.Offset))
            {
                cancellation.ThrowIfCancellationRequested();
                AppendZeros(hash, extent.Offset - at, zeros);
                extent.Content.CopyTo(stream);
                at = extent.End;
            }

            AppendZeros(hash, Size.Bytes - at, zeros);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>
    /// Where <paramref name="image"/>, read from its start, first differs from the image these extents make: null
    /// when every byte is the same and it is exactly as long. Compares bytes, so it costs a read, not a digest; of a
    /// sparse file, the holes where these extents put nothing are known to read as zeros and are not read at all.
    /// </summary>
    public long? FirstDifference(Stream image, CancellationToken cancellation = default)
    {
        var sorted = Extents.OrderBy(e => e.Offset).ToList();
        var chunk = (int)Math.Min(1 << 20, Math.Max(Size.Bytes, 1));
        var read = new byte[chunk];
        var expected = new byte[chunk];
        var file = image as FileStream;
        var fileLength = file?.Length ?? 0;
        long nextData = 0;
        for (long at = 0; at < Size.Bytes; at += chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var length = (int)Math.Min(chunk, Size.Bytes - at);
            var empty = DiskExtents.FirstEndingAfter(sorted, at) is var first && (first == sorted.Count || sorted[first].Offset >= at + length);
            if (file is not null && empty && fileLength >= at + length)
            {
                if (nextData < at)
                {
                    nextData = SparseFile.NextData(file.SafeFileHandle, at);
                }

                if (nextData >= at + length)
                {
                    continue;
                }
            }

            image.Position = at;
            var got = image.ReadAtLeast(read.AsSpan(0, length), length, throwOnEndOfStream: false);
            DiskExtents.Read(sorted, at, expected.AsSpan(0, length));
            var same = read.AsSpan(0, got).CommonPrefixLength(expected.AsSpan(0, got));
            if (same < got || got < length)
            {
                return at + same;
            }
        }

        image.Position = Size.Bytes;
        return image.Read(read, 0, 1) == 0 ? null : Size.Bytes;
    }

    private static void AppendZeros(IncrementalHash hash, long count, byte[] zeros)
    {
        for (var left = count; left > 0; left -= zeros.Length)
        {
            hash.AppendData(zeros, 0, (int)Math.Min(left, zeros.Length));
        }
    }

    /// <summary>A write-only stream that feeds what is written to a hash.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
