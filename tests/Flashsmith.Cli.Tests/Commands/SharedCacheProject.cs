using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// One Redis and two clones of the project at different paths, signed with one release key; the first
/// clone is built once with an empty local cache, which fills the shared cache.
/// </summary>
public sealed class SharedCacheProject : IDisposable
{
    public const string Target = "dell-poweredge-r710";

    public SharedCacheProject()
    {
        foreach (var clone in new[] { "clone-a", "clone-b" })
        {
            foreach (var folder in new[] { "recipes", Path.Combine("src", "firmware") })
            {
                Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, folder), Path.Combine(clone, folder));
            }
        }

        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Release", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Key = Temp.File("release.pem");
        File.WriteAllText(Key, rsa.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem() + "\n");
        WarmUp(Redis.Url);
        First = Build("clone-a", "out-a", "cache-a", Redis.Url);
    }

    /// <summary>
    /// The first use of the Redis client in a test process compiles it just in time, which on a loaded
    /// machine can outlast the cache's short timeouts; the shipped tool is compiled ahead of time. One
    /// round trip first keeps the tests about the server, not the compiler.
    /// </summary>
    public static void WarmUp(string url)
    {
        var cache = Toolchains.RemoteCache.Start(Toolchains.RemoteCacheAddress.Parse(url, "warm-up"));
        try
        {
            cache.GetAsync(Toolchains.ObjectCache.ObjectKind, "warm-up").GetAwaiter().GetResult();
        }
        finally
        {
            cache.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public TempFolder Temp { get; } = new();

    public RedisServer Redis { get; } = new();

    public string Key { get; }

    public CliRun First { get; }

    /// <summary>Builds the target of <paramref name="clone"/> into <paramref name="output"/> with the local cache <paramref name="cache"/> and the remote <paramref name="remote"/>.</summary>
    public CliRun Build(string clone, string output, string cache, string remote) =>
        CliRun.Of("build", "--target", Target, "--recipes", Temp.File($"{clone}/recipes"), "--out", Temp.File(output), "--cache", Temp.File(cache), "--key", Key, "--cache-remote", remote);

    /// <summary>Every output file of the build in <paramref name="output"/>, by name.</summary>
    public IReadOnlyList<string> Outputs(string output) =>
        Directory.EnumerateFiles(Temp.File($"{output}/{Target}")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    public void AssertSameOutputs(string expected, string actual)
    {
        Assert.Equal(Outputs(expected), Outputs(actual));
        foreach (var name in Outputs(expected))
        {
            Assert.True(
                File.ReadAllBytes(Temp.File($"{expected}/{Target}/{name}")).AsSpan().SequenceEqual(File.ReadAllBytes(Temp.File($"{actual}/{Target}/{name}"))),
                $"{name} differs between {expected} and {actual}");
        }
    }

    public void Dispose()
    {
        Redis.Dispose();
        Temp.Dispose();
    }
}
