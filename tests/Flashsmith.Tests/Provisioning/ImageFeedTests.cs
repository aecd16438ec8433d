using System.Security.Cryptography;
using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Provisioning;

public sealed class ImageFeedTests : IDisposable
{
    private const int Chunk = 4096;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Every_device_gets_every_chunk_once_read_and_a_device_that_gives_up_holds_nobody_up()
    {
        var image = Image(64 * Chunk);
        WriteSegment[] segments = [new(0, 10 * Chunk, true, "a"), new(20 * Chunk, (30 * Chunk) + 100, true, "b")];
        var feed = new ImageFeed(image, segments, 3, Chunk);

        var reader = Task.Run(() => feed.Run(CancellationToken.None));
        var devices = feed.Subscriptions.Select((s, i) => Task.Run(() => Consume(s, giveUpAfter: i == 1 ? 2 : int.MaxValue))).ToArray();
        await Task.WhenAll(devices).WaitAsync(TimeSpan.FromSeconds(30));
        await reader;

        var expected = Expected(image, segments);
        Assert.Equal(expected, await devices[0]);
        Assert.Equal(expected, await devices[2]);
        Assert.Equal(expected[..2], await devices[1]);
        Assert.Equal(41, expected.Count);
    }

    [Fact]
    public async Task An_image_that_ends_early_fails_every_device_with_the_reason()
    {
        var image = Image(8 * Chunk);
        var feed = new ImageFeed(image, [new WriteSegment(0, 16 * Chunk, true, "a")], 2, Chunk);

        var reader = Task.Run(() => feed.Run(CancellationToken.None));
        var errors = feed.Subscriptions.Select(s => Task.Run(() => Assert.Throws<DeviceFailedException>(() => Consume(s, int.MaxValue)))).ToArray();
        var messages = (await Task.WhenAll(errors)).Select(e => e.Message);
        await reader;

        Assert.All(messages, m => Assert.Equal($"{image} ended at {8 * Chunk} bytes, inside its block map: the image changed after it was verified", m));
    }

    private static List<(long Offset, string Sha256)> Consume(ImageSubscription subscription, int giveUpAfter)
    {
        var seen = new List<(long, string)>();
        try
        {
            foreach (var chunk in subscription.Chunks(CancellationToken.None))
            {
                Assert.Equal(SHA256.HashData(chunk.Data), chunk.Sha256);
                seen.Add((chunk.Offset, Convert.ToHexStringLower(chunk.Sha256)));
                chunk.Release();
                if (seen.Count == giveUpAfter)
                {
                    break;
                }
            }
        }
        finally
        {
            subscription.Abandon();
        }

        return seen;
    }

    private static List<(long Offset, string Sha256)> Expected(string image, IEnumerable<WriteSegment> segments)
    {
        var bytes = File.ReadAllBytes(image);
        var chunks = new List<(long, string)>();
        foreach (var segment in segments)
        {
            for (var offset = segment.Offset; offset < segment.End; offset += Chunk)
            {
                var length = (int)Math.Min(Chunk, segment.End - offset);
                chunks.Add((offset, Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan((int)offset, length)))));
            }
        }

        return chunks;
    }

    private string Image(int size)
    {
        var path = temp.File("image.img");
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
