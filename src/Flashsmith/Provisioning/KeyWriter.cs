using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Flashsmith.Disk;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Provisioning;

/// <summary>
/// Writes a <see cref="KeyPlan"/> to a device in large aligned writes, flushes it, then reads every
/// written range back from the device itself (O_DIRECT, or the cache dropped first) and compares it
/// with the SHA-256 of what was written. Any failure is a <see cref="ProvisioningException"/> naming the
/// device and the range.
/// </summary>
public sealed class KeyWriter
{
    /// <summary>The largest single write and read: large enough for the device to stream, small enough to keep memory flat.</summary>
    public const int ChunkSize = 4 << 20;

    private const int BufferAlignment = 4096;
    private readonly byte[] pinned;
    private readonly Memory<byte> buffer;

    public KeyWriter()
    {
        // A pinned array never moves, so a window of it aligned to 4 KiB suits O_DIRECT.
        pinned = GC.AllocateUninitializedArray<byte>(ChunkSize + BufferAlignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0).ToInt64();
        var skip = (int)((BufferAlignment - (address % BufferAlignment)) % BufferAlignment);
        buffer = pinned.AsMemory(skip, ChunkSize);
    }

    /// <summary>Writes, flushes and reads back; returns the bytes written.</summary>
    public long Write(VerifiedImage image, KeyPlan plan, DeviceFile device, IProgress<KeyProgress> progress, CancellationToken cancellation)
    {
        using var source = File.OpenHandle(image.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var written = new List<(WriteSegment Segment, long Offset, int Length, byte[] Sha256)>();
        long done = 0;
        var total = plan.TotalBytes;
        progress.Report(new KeyProgress(device.Path, KeyPhase.Writing, 0, total));

        foreach (var wipe in plan.Wipe)
        {
            cancellation.ThrowIfCancellationRequested();
            var span = buffer.Span[..(int)wipe.Length];
            span.Clear();
            device.Write(span, wipe.Offset);
            done += wipe.Length;
        }

        device.Flush();
        for (var s = 0; s < plan.Segments.Count; s++)
        {
            var segment = plan.Segments[s];
            if (s == plan.Segments.Count - 1)
            {
                // The partition table goes down only once everything it points at is on the device.
                device.Flush();
            }

            for (var offset = segment.Offset; offset < segment.End; offset += ChunkSize)
            {
                cancellation.ThrowIfCancellationRequested();
                var length = (int)Math.Min(ChunkSize, segment.End - offset);
                var span = buffer.Span[..length];
                Fill(segment, offset, span, source, plan, image.Path);
                device.Write(span, offset);
                written.Add((segment, offset, length, SHA256.HashData(span)));
                done += length;
                progress.Report(new KeyProgress(device.Path, KeyPhase.Writing, done, total));
            }
        }

        progress.Report(new KeyProgress(device.Path, KeyPhase.Flushing, 0, 1));
        device.Flush();
        device.DropCache();
        var verifyTotal = written.Sum(w => (long)w.Length);
        long verified = 0;
        for (var i = 0; i < written.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (segment, offset, length, sha256) = written[i];
            var span = buffer.Span[..length];
            device.Read(span, offset);
            if (!SHA256.HashData(span).AsSpan().SequenceEqual(sha256))
            {
                throw new ProvisioningException($"{device.Path}: read-back mismatch at {new ByteSize(offset).ToOffsetString()} (range {i + 1} of {written.Count}, {length} bytes of {segment.What}): the device did not keep what was written; the key is not usable");
            }

            verified += length;
            progress.Report(new KeyProgress(device.Path, KeyPhase.Verifying, verified, verifyTotal));
        }

        device.RereadPartitions();
        progress.Report(new KeyProgress(device.Path, KeyPhase.Done, verifyTotal, verifyTotal));
        return done;
    }

    private static void Fill(WriteSegment segment, long offset, Span<byte> span, Microsoft.Win32.SafeHandles.SafeFileHandle source, KeyPlan plan, string imagePath)
    {
        if (!segment.FromImage)
        {
            DiskExtents.Read(plan.KeyExtents, offset, span);
            return;
        }

        var done = 0;
        while (done < span.Length)
        {
            var read = RandomAccess.Read(source, span[done..], offset + done);
            if (read == 0)
            {
                throw new ProvisioningException($"{imagePath} ended at {offset + done} bytes, inside its block map: the image changed after it was verified");
            }

            done += read;
        }
    }
}
