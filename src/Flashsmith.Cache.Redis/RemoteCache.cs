using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Flashsmith.Diagnostics;
using Flashsmith.Toolchains;
using StackExchange.Redis;

namespace Flashsmith.Cache.Redis;

/// <summary>
/// The second cache level, shared between machines: a Redis server behind the local cache. Every
/// fetched entry is checked against its digest before use; a damaged one is reported (naming its key),
/// deleted and built again locally. The server is never needed: timeouts are short, and after its first
/// failure the build goes on with the local cache alone, with one warning. Writes are best-effort,
/// bounded in size and number, and expire.
/// </summary>
public sealed class RemoteCache : ISharedCache
{
    /// <summary>Every key this cache writes starts so; clearing the cache deletes these keys and no others.</summary>
    public const string KeyPrefix = "flashsmith:1:";

    /// <summary>How long one request may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(800);

    /// <summary>How long connecting may take, handshake and retries included: a loaded machine needs more than one request's time.</summary>
    public static readonly TimeSpan ConnectLimit = TimeSpan.FromMilliseconds(1200);

    /// <summary>How long an entry lives after it was last written or read.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(14);

    /// <summary>Larger entries are kept locally only.</summary>
    public const int MaxEntryBytes = 16 << 20;

    /// <summary>Writes still in flight beyond this are dropped: the build never waits on a slow server for long.</summary>
    public const int MaxPendingWrites = 512;

    private readonly Task<ConnectionMultiplexer?> connection;
    private readonly Stopwatch sinceStart = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> warnings = new();
    private readonly ConcurrentBag<Task> writes = [];
    private int failed;
    private int pending;

    private RemoteCache(RemoteCacheAddress address)
    {
        Address = address;
        connection = ConnectAsync(address);
    }

    public RemoteCacheAddress Address { get; }

    /// <summary>What went wrong with the server or its entries, as "warning: ..." lines, each reported once.</summary>
    public IReadOnlyList<string> Warnings => [.. warnings];

    /// <summary>Starts connecting to <paramref name="address"/>; the build does not wait for it until it first asks for an entry.</summary>
    public static RemoteCache Start(RemoteCacheAddress address) => new(address);

    /// <summary>Whether the server answered and has not failed since.</summary>
    public async Task<bool> ReadyAsync() => await connection.ConfigureAwait(false) is not null && Volatile.Read(ref failed) == 0;

    public static string Key(string kind, string key) => $"{KeyPrefix}{kind}:{key}";

    /// <summary>The content stored under <paramref name="kind"/>/<paramref name="key"/>, checked; null when absent, damaged or the server is unusable.</summary>
    public async Task<byte[]?> GetAsync(string kind, string key)
    {
        var redisKey = Key(kind, key);
        var database = await DatabaseAsync().ConfigureAwait(false);
        if (database is null)
        {
            return null;
        }

        try
        {
            var value = await database.StringGetAsync(redisKey).ConfigureAwait(false);
            if (value.IsNull)
            {
                return null;
            }

            var content = CacheEntry.Unwrap(redisKey, (byte[])value!);
            if (content is null)
            {
                warnings.Enqueue($"warning: the remote cache entry {redisKey} is damaged (its digest does not match); it was deleted and is built locally");
                _ = database.KeyDeleteAsync(redisKey, CommandFlags.FireAndForget);
                return null;
            }

            _ = database.KeyExpireAsync(redisKey, TimeToLive, flags: CommandFlags.FireAndForget);
            return content;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(ex);
            return null;
        }
    }

    /// <summary>Stores an entry, best-effort: too large, too many in flight or a failed server, and it is kept locally only.</summary>
    public void Put(string kind, string key, byte[] content)
    {
        if (content.Length > MaxEntryBytes || Volatile.Read(ref failed) != 0)
        {
            return;
        }

        if (Interlocked.Increment(ref pending) > MaxPendingWrites)
        {
            Interlocked.Decrement(ref pending);
            return;
        }

        writes.Add(PutAsync(Key(kind, key), content));
    }

    private async Task PutAsync(string redisKey, byte[] content)
    {
        try
        {
            var database = await DatabaseAsync().ConfigureAwait(false);
            if (database is not null)
            {
                await database.StringSetAsync(redisKey, CacheEntry.Wrap(redisKey, content), TimeToLive).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(ex);
        }
        finally
        {
            Interlocked.Decrement(ref pending);
        }
    }

    /// <summary>Waits for the writes in flight, at most one timeout more.</summary>
    public async Task FlushAsync()
    {
        var all = Task.WhenAll(writes);
        await Task.WhenAny(all, Task.Delay(Timeout * 2)).ConfigureAwait(false);
    }

    /// <summary>How many entries this cache holds on the server, and their bytes.</summary>
    public async Task<(long Entries, long Bytes)> StatsAsync()
    {
        var (server, database) = await RequireAsync().ConfigureAwait(false);
        long entries = 0, bytes = 0;
        await foreach (var key in server.KeysAsync(database.Database, KeyPrefix + "*", pageSize: 1000).ConfigureAwait(false))
        {
            entries++;
            bytes += await database.StringLengthAsync(key).ConfigureAwait(false);
        }

        return (entries, bytes);
    }

    /// <summary>Deletes every entry of this cache on the server (other keys stay); returns how many were deleted.</summary>
    public async Task<long> ClearAsync()
    {
        var (server, database) = await RequireAsync().ConfigureAwait(false);
        var batch = new List<RedisKey>();
        long deleted = 0;
        await foreach (var key in server.KeysAsync(database.Database, KeyPrefix + "*", pageSize: 1000).ConfigureAwait(false))
        {
            batch.Add(key);
            if (batch.Count == 1000)
            {
                deleted += await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            deleted += await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
        }

        return deleted;
    }

    public async ValueTask DisposeAsync()
    {
        if (await connection.ConfigureAwait(false) is { } multiplexer)
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(IServer Server, IDatabase Database)> RequireAsync()
    {
        var multiplexer = await connection.ConfigureAwait(false);
        if (multiplexer is null || Volatile.Read(ref failed) != 0)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.RemoteCache, Warnings.FirstOrDefault()?["warning: ".Length..] ?? $"the remote cache {Address} is unusable");
        }

        return (multiplexer.GetServer(multiplexer.GetEndPoints()[0]), multiplexer.GetDatabase());
    }

    private async Task<IDatabase?> DatabaseAsync()
    {
        var multiplexer = await connection.ConfigureAwait(false);
        return multiplexer is null || Volatile.Read(ref failed) != 0 ? null : multiplexer.GetDatabase();
    }

    private async Task<ConnectionMultiplexer?> ConnectAsync(RemoteCacheAddress address)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { address.Host, address.Port } },
            DefaultDatabase = address.Database,
            // Longer than the bound put on the whole connect below, so that bound is what a silent server meets.
            ConnectTimeout = (int)(ConnectLimit + Timeout).TotalMilliseconds,
            SyncTimeout = (int)Timeout.TotalMilliseconds,
            AsyncTimeout = (int)Timeout.TotalMilliseconds,
            ConnectRetry = 1,
            AbortOnConnectFail = true,
            BacklogPolicy = BacklogPolicy.FailFast,
            ClientName = "flashsmith",
        };
        var connecting = ConnectionMultiplexer.ConnectAsync(options);
        try
        {
            // The client's own timeout covers one attempt; this bounds the whole connect, retries included.
            return await connecting.WaitAsync(ConnectLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"no answer within {ConnectLimit.TotalSeconds:0.00} s"));
            _ = connecting.ContinueWith(late => late.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(ex);
            return null;
        }
    }

    private void Fail(Exception exception) => Fail(exception.Message);

    private void Fail(string message)
    {
        if (Interlocked.Exchange(ref failed, 1) == 0)
        {
            var reason = message.Split('\n', 2)[0].Trim();
            if (reason.Length > 160)
            {
                reason = reason[..160] + "…";
            }

            warnings.Enqueue(string.Create(CultureInfo.InvariantCulture, $"warning: the remote cache {Address} failed after {sinceStart.Elapsed.TotalSeconds:0.00} s ({reason}); the build goes on with the local cache only"));
        }
    }
}
