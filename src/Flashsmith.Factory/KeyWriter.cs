using System.Security.Cryptography;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk;

namespace Flashsmith.Provisioning;

/// <summary>
/// Writes a <see cref="KeyPlan"/> to one device in large aligned writes: the image's ranges as an
/// <see cref="ImageFeed"/> hands them out, then the key's own ranges (the unit partition, the partition
/// tables, the primary table last). It flushes the device, then reads every written range back from the
/// device itself (O_DIRECT, or the cache dropped first) and compares it with the SHA-256 of what was
/// written. Any failure is a <see cref="DeviceFailedException"/> naming the device and the range. One
/// writer serves one device at a time.
/// </summary>
public sealed class KeyWriter
{
    /// <summary>The largest single write and read: large enough for the device to stream, small enough to keep memory flat.</summary>
    public const int ChunkSize = 4 << 20;

    private readonly AlignedBuffer buffer = new(ChunkSize);

    /// <summary>
    /// Writes, flushes and reads back; returns the bytes written. <paramref name="report"/> gets the phase,
    /// the bytes of it done and its total.
    /// </summary>
    public long Write(KeyPlan plan, DeviceFile device, ImageSubscription image, Action<KeyPhase, long, long> report, CancellationToken cancellation)
    {
        var written = new List<(WriteSegment Segment, long Offset, int Length, byte[] Sha256)>();
        long done = 0;
        var total = plan.TotalBytes;
        report(KeyPhase.Writing, 0, total);

        foreach (var wipe in plan.Wipe)
        {
            cancellation.ThrowIfCancellationRequested();
            var span = buffer.Span[..(int)wipe.Length];
            span.Clear();
            device.Write(span, wipe.Offset);
            done += wipe.Length;
        }

        device.Flush();
        var fromImage = plan.ImageSegments;
        var next = 0;
        foreach (var chunk in image.Chunks(cancellation))
        {
            try
            {
                // The feed and the plan agree on the image's ranges; the check makes a broken plan a loud bug, not a bad key.
                while (next < fromImage.Count && chunk.Offset >= fromImage[next].End)
                {
                    next++;
                }

                if (next == fromImage.Count || chunk.Offset < fromImage[next].Offset || chunk.Offset + chunk.Length > fromImage[next].End)
                {
                    throw new InvalidOperationException($"the image feed's range at {chunk.Offset} is not in the key plan");
                }

                device.Write(chunk.Data, chunk.Offset);
                written.Add((chunk.Segment, chunk.Offset, chunk.Length, chunk.Sha256));
                done += chunk.Length;
            }
            finally
            {
                chunk.Release();
            }

            report(KeyPhase.Writing, done, total);
        }

        var own = plan.KeySegments;
        for (var s = 0; s < own.Count; s++)
        {
            var segment = own[s];
            if (s == own.Count - 1)
            {
                // The partition table goes down only once everything it points at is on the device.
                device.Flush();
            }

            for (var offset = segment.Offset; offset < segment.End; offset += ChunkSize)
            {
                cancellation.ThrowIfCancellationRequested();
                var length = (int)Math.Min(ChunkSize, segment.End - offset);
                var span = buffer.Span[..length];
                DiskExtents.Read(plan.KeyExtents, offset, span);
                device.Write(span, offset);
                written.Add((segment, offset, length, SHA256.HashData(span)));
                done += length;
                report(KeyPhase.Writing, done, total);
            }
        }

        report(KeyPhase.Flushing, 0, 1);
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
                throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{device.Path}: read-back mismatch at {new ByteSize(offset).ToOffsetString()} (range {i + 1} of {written.Count}, {length} bytes of {segment.What}): the device did not keep what was written; the key is not usable");
            }

            verified += length;
            report(KeyPhase.Verifying, verified, verifyTotal);
        }

        device.RereadPartitions();
        report(KeyPhase.Done, verifyTotal, verifyTotal);
        return done;
    }
}
