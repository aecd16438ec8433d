using System.Collections.Concurrent;

namespace Flashsmith.Provisioning;

/// <summary>One device's share of an <see cref="ImageFeed"/>: the image's chunks in order, a few at a time.</summary>
public sealed class ImageSubscription
{
    private readonly ImageFeed feed;
    private readonly BlockingCollection<ImageChunk> queue = new(ImageFeed.ChunksInFlight);

    internal ImageSubscription(ImageFeed feed)
    {
        this.feed = feed;
    }

    /// <summary>
    /// The chunks in image order. The caller releases each one when it is written. Ends when the feed has
    /// handed out every range; throws the feed's failure when the image could not be read.
    /// </summary>
    public IEnumerable<ImageChunk> Chunks(CancellationToken cancellation)
    {
        foreach (var chunk in queue.GetConsumingEnumerable(cancellation))
        {
            yield return chunk;
        }

        cancellation.ThrowIfCancellationRequested();
        if (feed.Failure is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Gives up the rest of the feed, for a device that failed: releases every chunk still to come until the
    /// feed ends, so the other devices are never held up by this one. Returns when the feed has ended.
    /// </summary>
    public void Abandon()
    {
        foreach (var chunk in queue.GetConsumingEnumerable())
        {
            chunk.Release();
        }
    }

    internal void Offer(ImageChunk chunk, CancellationToken cancellation) => queue.Add(chunk, cancellation);

    internal void Complete() => queue.CompleteAdding();
}
