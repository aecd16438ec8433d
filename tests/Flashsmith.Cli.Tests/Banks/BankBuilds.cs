using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>
/// The sample target as version 1.0.0, and as 1.1.0 built from a copy of the recipes and firmware, both signed
/// with the development key; and a 1.1.0 whose core halts before READY (built with a test flag).
/// </summary>
public sealed class BankBuilds : IDisposable
{
    public BankBuilds()
    {
        Assert.True(V1Build.Run.ExitCode == 0, V1Build.Run.Error);
        Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
        Temp.CopyIn(CliRun.Recipes, "recipes");
        var dev = Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev");
        Key = Temp.File("dev-key-and-cert.pem");
        File.WriteAllText(Key, File.ReadAllText(Path.Combine(dev, "key.pem")) + "\n" + File.ReadAllText(Path.Combine(dev, "cert.pem")));
        var recipe = Temp.File("recipes/thinvisor.yaml");
        var text = File.ReadAllText(recipe).Replace("  version: 1.0.0", "  version: 1.1.0", StringComparison.Ordinal);
        File.WriteAllText(recipe, text);
        V2 = Build("v2", Key);
        File.WriteAllText(recipe, text.Replace("  flags: [-O2]", "  flags: [-O2, -DTV_TEST_HALT_BEFORE_READY]", StringComparison.Ordinal));
        V2Halting = Build("v2-halting", Key);
        File.WriteAllText(recipe, text);
    }

    public SampleBuild V1Build { get; } = new();

    public string V1 => V1Build.Image;

    public string V2 { get; }

    public string V2Halting { get; }

    /// <summary>The development key with its certificate, as build --key takes it.</summary>
    public string Key { get; }

    public TempFolder Temp { get; } = new();

    public static string Certificate => Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev", "cert.pem");

    /// <summary>The 1.1.0 sample signed with <paramref name="key"/>, into images-<paramref name="name"/>.</summary>
    public string Build(string name, string key)
    {
        var run = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", Temp.File("recipes"), "--out", Temp.File("images-" + name), "--cache", Temp.File("cache"), "--key", key);
        Assert.True(run.ExitCode == 0, run.Error);
        return Path.Combine(Temp.File("images-" + name), SampleBuild.Target, "thinvisor-1.1.0-" + SampleBuild.Target + ".img");
    }

    /// <summary>A copy of the 1.0.0 image with its seal and block map, in <paramref name="folder"/> of the build's temp folder.</summary>
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

    public void Dispose()
    {
        V1Build.Dispose();
        Temp.Dispose();
    }
}
