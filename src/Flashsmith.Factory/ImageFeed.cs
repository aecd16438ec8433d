using System.Collections.Concurrent;
using System.Security.Cryptography;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Flashsmith.Provisioning;

/// <summary>
/// The one reader of the image when several keys are written at once: it reads each data range of the
/// image once, in chunks, hashes it once, and hands it to every device's writer through that writer's
/// <see cref="ImageSubscription"/>. A few chunks are in flight at a time, so memory stays flat however many
/// devices there are; the slowest device sets the pace. A device that fails abandons its subscription
/// and the others go on.
/// </summary>
public sealed class ImageFeed
{
    /// <summary>How many chunks may be read ahead of the slowest device.</summary>
    public const int ChunksInFlight = 4;

    private readonly string imagePath;
    private readonly int chunkSize;
    private readonly BlockingCollection<AlignedBuffer> free = [];
    private readonly List<ImageSubscription> subscriptions = [];

    /// <summary>A feed of <paramref name="segments"/> of the image at <paramref name="imagePath"/> to <paramref name="devices"/> writers.</summary>
    public ImageFeed(string imagePath, IReadOnlyList<WriteSegment> segments, int devices, int chunkSize = KeyWriter.ChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(devices);
        if (segments.Any(s => !s.FromImage))
        {
            throw new ArgumentException("a feed carries only ranges of the image", nameof(segments));
        }

        this.imagePath = imagePath;
        this.chunkSize = chunkSize;
        Segments = segments;
        for (var i = 0; i < devices; i++)
        {
            subscriptions.Add(new ImageSubscription(this));
        }

        for (var i = 0; i < ChunksInFlight; i++)
        {
            free.Add(new AlignedBuffer(chunkSize));
        }
    }

    /// <summary>The ranges of the image every key gets, in the order they are read.</summary>
    public IReadOnlyList<WriteSegment> Segments { get; }

    /// <summary>One subscription per device, in the order the devices were given.</summary>
    public IReadOnlyList<ImageSubscription> Subscriptions => subscriptions;

    /// <summary>The bytes each device receives.</summary>
    public long TotalBytes => Segments.Sum(s => s.Length);

    /// <summary>Why the feed stopped early (the image could not be read); null while it has not.</summary>
    internal DeviceFailedException? Failure { get; private set; }

    /// <summary>
    /// Reads the image and hands out its chunks until every range is handed out, the image fails to read
    /// (every device then fails with that reason) or <paramref name="cancellation"/> stops it.
    /// </summary>
    public void Run(CancellationToken cancellation)
    {
        try
        {
            using var source = File.OpenHandle(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            foreach (var segment in Segments)
            {
                for (var offset = segment.Offset; offset < segment.End; offset += chunkSize)
                {
                    var length = (int)Math.Min(chunkSize, segment.End - offset);
                    var buffer = free.Take(cancellation);
                    Read(source, buffer.Span[..length], offset);
                    var chunk = new ImageChunk(segment, offset, buffer, length, SHA256.HashData(buffer.Span[..length]), subscriptions.Count, c => free.Add(c.Buffer));
                    foreach (var subscription in subscriptions)
                    {
                        subscription.Offer(chunk, cancellation);
                    }
                }
            }
        }
        catch (DeviceFailedException ex)
        {
            Failure = ex;
        }
        catch (IOException ex)
        {
            Failure = new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"reading the image {imagePath} failed: {ex.Message}");
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Complete();
            }
        }
    }

    private void Read(SafeFileHandle source, Span<byte> span, long offset)
    {
        var done = 0;
        while (done < span.Length)
        {
            var read = RandomAccess.Read(source, span[done..], offset + done);
            if (read == 0)
            {
                throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{imagePath} ended at {offset + done} bytes, inside its block map: the image changed after it was verified");
            }

            done += read;
        }
    }
}
