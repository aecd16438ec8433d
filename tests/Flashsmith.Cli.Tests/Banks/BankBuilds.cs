using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>
/// The sample target as version 1.0.0, and as 1.1.0 built from a copy of the recipes and firmware, both signed
/// with the development key; and a 1.1.0 whose core halts before READY (built with a test flag). The three images
/// are built once for the whole test run; each class gets its own scratch folder and copy of the warm cache.
/// </summary>
public sealed class BankBuilds : IDisposable
{
    private readonly SampleBuild v1 = new();
    private readonly Lazy<string> cache;

    public BankBuilds()
    {
        Assert.True(v1.Run.ExitCode == 0, v1.Run.Error);
        cache = new(() => WarmCache.Copy(Shared.Temp.File("cache"), Temp, "cache"));
    }

    public string V1 => v1.Image;

    public string V2 => Shared.V2;

    public string V2Halting => Shared.V2Halting;

    /// <summary>The development key with its certificate, as build --key takes it.</summary>
    public string Key => Shared.Key;

    /// <summary>The class's own scratch folder.</summary>
    public TempFolder Temp => v1.Temp;

    /// <summary>The class's own copy of the cache the 1.1.0 builds left, made when first asked for.</summary>
    public string Cache => cache.Value;

    public static string Certificate => Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev", "cert.pem");

    private static Versions Shared => RunWide<Versions>.Value;

    /// <summary>The 1.1.0 sample signed with <paramref name="key"/>, into images-<paramref name="name"/> of the class's folder.</summary>
    public string Build(string name, string key) => Versions.Build(Shared.Temp.File("recipes"), Temp.File("images-" + name), Cache, key);

    /// <summary>A copy of the 1.0.0 image with its seal and block map, in <paramref name="folder"/> of the class's folder.</summary>
    public string CopyV1(string folder)
    {
        var target = Temp.File(folder);
        Directory.CreateDirectory(target);
        var copy = Path.Combine(target, SampleBuild.ImageName);
        foreach (var suffix in new[] { string.Empty, ".p7s", ".bmap" })
        {
            File.Copy(V1 + suffix, copy + suffix);
        }

        return copy;
    }

    public void Dispose() => v1.Dispose();

    /// <summary>The 1.1.0 project and its two images, built with a copy of the sample build's warm cache.</summary>
    private sealed class Versions : IDisposable
    {
        public Versions()
        {
            Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
            Temp.CopyIn(CliRun.Recipes, "recipes");
            var dev = Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev");
            Key = Temp.File("dev-key-and-cert.pem");
            File.WriteAllText(Key, File.ReadAllText(Path.Combine(dev, "key.pem")) + "\n" + File.ReadAllText(Path.Combine(dev, "cert.pem")));
            var recipe = Temp.File("recipes/thinvisor.yaml");
            var text = File.ReadAllText(recipe).Replace("  version: 1.0.0", "  version: 1.1.0", StringComparison.Ordinal);
            File.WriteAllText(recipe, text);
            var cache = SampleBuild.CopyCache(Temp, "cache");
            V2 = Build(Temp.File("recipes"), Temp.File("images-v2"), cache, Key);
            File.WriteAllText(recipe, text.Replace("  flags: [-O2]", "  flags: [-O2, -DTV_TEST_HALT_BEFORE_READY]", StringComparison.Ordinal));
            V2Halting = Build(Temp.File("recipes"), Temp.File("images-v2-halting"), cache, Key);
            File.WriteAllText(recipe, text);
        }

        public TempFolder Temp { get; } = new();

        public string Key { get; }

        public string V2 { get; }

        public string V2Halting { get; }

        public static string Build(string recipes, string output, string cache, string key)
        {
            var run = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", recipes, "--out", output, "--cache", cache, "--key", key);
            Assert.True(run.ExitCode == 0, run.Error);
            return Path.Combine(output, SampleBuild.Target, "thinvisor-1.1.0-" + SampleBuild.Target + ".img");
        }

        public void Dispose() => Temp.Dispose();
    }
}
