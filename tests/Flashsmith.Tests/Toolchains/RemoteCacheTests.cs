using System.Diagnostics;
using Flashsmith.Cache.Redis;
using Flashsmith.Pipeline;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

public sealed class RemoteCacheTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Server_stopped_mid_build_costs_one_warning_and_everything_is_compiled_locally()
    {
        using var redis = new RedisServer();
        var address = RemoteCacheAddress.Parse(redis.Url, "test");
        await using var remote = RemoteCache.Start(address);
        Assert.True(await remote.ReadyAsync());
        redis.Kill();
        var core = new SourceComponent(Path.Combine(RepositoryRoot.Path, "src", "firmware", "core"), ImageKind.Application, []);

        var clock = Stopwatch.StartNew();
        var output = await CompileStage.RunAsync(new CompileInput([core], "clang-uefi-x64", RepositoryRoot.Path, temp.File("cache"), 2, remote), CancellationToken.None);

        Assert.Equal(0, output.RemoteObjects);
        Assert.True(output.Compiled > 0);
        Assert.Equal(1, output.Linked);
        var warning = Assert.Single(output.Warnings);
        Assert.StartsWith($"warning: the remote cache {address} failed after ", warning, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Entries_come_back_checked_and_oversized_ones_are_not_sent()
    {
        using var redis = new RedisServer();

        // The first use of the client in this process compiles it just in time; one round trip first keeps the timeouts about the server.
        await using (var warm = RemoteCache.Start(RemoteCacheAddress.Parse(redis.Url, "warm-up")))
        {
            await warm.GetAsync(ObjectCache.ObjectKind, "warm-up");
        }

        await using (var writer = RemoteCache.Start(RemoteCacheAddress.Parse(redis.Url, "test")))
        {
            writer.Put(ObjectCache.ObjectKind, "small", [1, 2, 3]);
            writer.Put(ObjectCache.ObjectKind, "huge", new byte[RemoteCache.MaxEntryBytes + 1]);
            await writer.FlushAsync();
        }

        await using var reader = RemoteCache.Start(RemoteCacheAddress.Parse(redis.Url, "test"));

        Assert.Equal([1, 2, 3], await reader.GetAsync(ObjectCache.ObjectKind, "small"));
        Assert.Null(await reader.GetAsync(ObjectCache.ObjectKind, "huge"));
        Assert.Equal(["flashsmith:1:object:small"], redis.Keys("flashsmith:*"));
        var ttl = int.Parse(redis.Cli("TTL", "flashsmith:1:object:small").Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, (int)RemoteCache.TimeToLive.TotalSeconds);
        Assert.Empty(reader.Warnings);
    }
}
