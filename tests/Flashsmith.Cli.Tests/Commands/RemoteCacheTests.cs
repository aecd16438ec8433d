using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.RegularExpressions;
using Flashsmith.Cache.Redis;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>The compile cache shared between machines on a real Redis: fetched, verified, poisoned, unreachable, shown and cleared.</summary>
[Collection(NativeToolCollection.Name)]
public sealed class RemoteCacheTests(NativeTool native, SharedCacheProject shared) : IClassFixture<SharedCacheProject>
{
    private readonly SharedCacheProject project = shared.With(native);

    private static readonly double RemoteCacheLimit = RemoteCache.ConnectLimit.TotalSeconds;

    private const string AllFromRemote = "compiled 0 sources, linked 0 images, 0 objects from the cache, 20 objects and 8 images from the remote cache";

    [Fact]
    public void Second_clone_with_an_empty_cache_takes_everything_from_the_remote_and_gives_the_same_bytes()
    {
        var second = project.Build("clone-b", "out-b", "cache-b", project.Redis.Url);

        Assert.True(project.First.ExitCode == ExitCodes.Success, project.First.Error);
        Assert.True(project.First.Error.Length == 0, project.First.Error);
        Assert.Contains("compiled 20 sources, linked 8 images, 0 objects from the cache, 0 objects and 0 images from the remote cache", project.First.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
        Assert.Contains(AllFromRemote, second.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, second.Error);
        Assert.Equal(8, project.Outputs("out-b").Count);
        project.AssertSameOutputs("out-a", "out-b");
    }

    [Fact]
    public void Poisoned_and_truncated_entries_are_named_deleted_rebuilt_and_never_reach_the_image()
    {
        var objects = project.Redis.Keys("flashsmith:1:object:*");
        var images = project.Redis.Keys("flashsmith:1:image:*");
        Assert.Equal(20, objects.Count);
        Assert.Equal(8, images.Count);
        var poisoned = objects[0];
        var truncated = images[0];
        Assert.Equal("OK", project.Redis.Cli("SET", poisoned, "FSC1 this is not the object you are looking for").Output.Trim());
        Assert.Equal("OK", project.Redis.Cli("EVAL", "return redis.call('SET', KEYS[1], string.sub(redis.call('GET', KEYS[1]), 1, 100))", "1", truncated).Output.Trim());

        var run = project.Build("clone-b", "out-poisoned", "cache-poisoned", project.Redis.Url);
        var again = project.Build("clone-b", "out-healed", "cache-healed", project.Redis.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(
            new[]
            {
                $"warning: the remote cache entry {poisoned} is damaged (its digest does not match); it was deleted and is built locally",
                $"warning: the remote cache entry {truncated} is damaged (its digest does not match); it was deleted and is built locally",
            }.Order(StringComparer.Ordinal),
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Contains("compiled 1 source, linked 1 image, 0 objects from the cache, 19 objects and 7 images from the remote cache", run.Output, StringComparison.Ordinal);
        project.AssertSameOutputs("out-a", "out-poisoned");

        // What was rebuilt went back to the server whole.
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Equal(string.Empty, again.Error);
        Assert.Contains(AllFromRemote, again.Output, StringComparison.Ordinal);
        project.AssertSameOutputs("out-a", "out-healed");
    }

    [Fact]
    public async Task Server_that_accepts_and_never_answers_costs_one_connect_timeout_and_one_warning()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var run = project.Build("clone-b", "out-silent", "cache-silent", $"redis://127.0.0.1:{port}");
        stop.Cancel();
        await accepting;
        foreach (var socket in held)
        {
            socket.Dispose();
        }

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.NotEmpty(held);
        var warning = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // The build says when it gave the server up: one connect limit, however long the build itself takes, and
        // within the 2 s of extra time a silent server may cost.
        var given = Regex.Match(warning, $@"^warning: the remote cache redis://127\.0\.0\.1:{port} failed after (\d+\.\d\d) s \(no answer within 1\.20 s\); the build goes on with the local cache only$");
        Assert.True(given.Success, warning);
        Assert.InRange(double.Parse(given.Groups[1].Value, CultureInfo.InvariantCulture), RemoteCacheLimit, 2.0);
        Assert.Contains("compiled 20 sources, linked 8 images, 0 objects from the cache, 0 objects and 0 images from the remote cache", run.Output, StringComparison.Ordinal);
        project.AssertSameOutputs("out-a", "out-silent");
    }

    [Fact]
    public void Stopped_server_costs_one_warning_and_the_build_goes_on()
    {
        using var other = new RedisServer();
        var url = other.Url;
        other.Kill();

        var run = project.Build("clone-b", "out-stopped", "cache-stopped", url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var warning = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"warning: the remote cache {url} failed after ", warning, StringComparison.Ordinal);
        project.AssertSameOutputs("out-a", "out-stopped");
    }

    [Fact]
    public void Cache_stats_and_clear_local_and_remote()
    {
        using var own = new RedisServer();
        var build = project.Build("clone-b", "out-stats", "cache-stats", own.Url);
        Assert.Equal("OK", own.Cli("SET", "someone-else", "stays").Output.Trim());

        var local = project.Run("cache", "stats", "--cache", project.Temp.File("cache-stats"));
        var remote = project.Run("cache", "stats", "--remote", "--cache-remote", own.Url, "--json");
        var byVariable = project.RunWith(own.Url, "cache", "clear", "--remote");
        var after = project.Run("cache", "stats", "--remote", "--cache-remote", own.Url, "--json");
        var clear = project.Run("cache", "clear", "--cache", project.Temp.File("cache-stats"));
        var none = project.Run("cache", "stats", "--remote");

        Assert.True(build.ExitCode == ExitCodes.Success, build.Error);
        Assert.True(local.ExitCode == ExitCodes.Success, local.Error);
        Assert.Matches(@"│ objects\s+│\s+20 │", local.Output);
        Assert.Matches(@"│ images\s+│\s+8 │", local.Output);
        Assert.True(remote.ExitCode == ExitCodes.Success, remote.Error);
        Assert.Contains("\"entries\": 48", remote.Output, StringComparison.Ordinal);
        Assert.Equal($"deleted 48 entries from {own.Url}\n", byVariable.Output);
        Assert.Contains("\"entries\": 0", after.Output, StringComparison.Ordinal);
        Assert.Equal("stays", own.Cli("GET", "someone-else").Output.Trim());
        Assert.True(clear.ExitCode == ExitCodes.Success, clear.Error);
        Assert.False(Directory.Exists(project.Temp.File("cache-stats")));
        Assert.Equal(ExitCodes.BadInput, none.ExitCode);
        Assert.StartsWith("error FS4006: no remote cache is set; pass --cache-remote redis://HOST:PORT, set FLASHSMITH_CACHE_REMOTE", none.Error, StringComparison.Ordinal);
    }
}
