using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// One Redis and two clones of the project at different paths, signed with one release key; the first
/// clone is built once with an empty local cache, which fills the shared cache.
/// </summary>
/// <remarks>
/// Every build runs the natively compiled tool in a process of its own, as on two machines. Run inside the test
/// process, a build shares its garbage collector and thread pool with the tests running beside it, and a pause
/// there can outlast the cache's short timeouts while the server's answer waits unread.
/// </remarks>
public sealed class SharedCacheProject : IDisposable
{
    public const string Target = "dell-poweredge-r710";

    private string? program;
    private ExternalTool.Result? first;

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
        Directory.CreateDirectory(Temp.File("home"));
    }

    public TempFolder Temp { get; } = new();

    public RedisServer Redis { get; } = new();

    public string Key { get; }

    /// <summary>The first clone's build, which filled the shared cache.</summary>
    public ExternalTool.Result First => first ?? throw new InvalidOperationException("the project is not built yet: call With(native) first");

    /// <summary>Builds with <paramref name="native"/> from now on, and builds the first clone the first time.</summary>
    public SharedCacheProject With(NativeTool native)
    {
        program ??= native.Program;
        first ??= Build("clone-a", "out-a", "cache-a", Redis.Url);
        return this;
    }

    /// <summary>Builds the target of <paramref name="clone"/> into <paramref name="output"/> with the local cache <paramref name="cache"/> and the remote <paramref name="remote"/>.</summary>
    public ExternalTool.Result Build(string clone, string output, string cache, string remote) =>
        Run("build", "--target", Target, "--recipes", Temp.File($"{clone}/recipes"), "--out", Temp.File(output), "--cache", Temp.File(cache), "--key", Key, "--cache-remote", remote);

    /// <summary>Runs the tool with no remote cache set anywhere but in its arguments.</summary>
    public ExternalTool.Result Run(params string[] arguments) => RunWith(null, arguments);

    /// <summary>Runs the tool with <c>FLASHSMITH_CACHE_REMOTE</c> set to <paramref name="remote"/> (none when null), a home of its own and no config file.</summary>
    public ExternalTool.Result RunWith(string? remote, params string[] arguments) =>
        ExternalTool.Run(
            program ?? throw new InvalidOperationException("no tool yet: call With(native) first"),
            arguments,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string>
            {
                ["HOME"] = Temp.File("home"),
                ["XDG_CONFIG_HOME"] = string.Empty,
                ["XDG_CACHE_HOME"] = string.Empty,
                ["FLASHSMITH_CACHE_REMOTE"] = remote ?? string.Empty,
            });

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
