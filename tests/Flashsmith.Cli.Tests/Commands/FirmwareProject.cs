using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>A throw-away project with a copy of the sample firmware and one build cache shared by a test class.</summary>
public sealed class FirmwareProject : IDisposable
{
    private readonly Lazy<string> cache;

    public FirmwareProject()
    {
        cache = new(() => SampleBuild.CopyCache(Temp, "cache"));
        Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
        Directory.CreateDirectory(Temp.File("recipes/oem"));
    }

    public TempFolder Temp { get; } = new();

    /// <summary>
    /// The project's build cache, a copy of the sample build's when first asked for: the demo product compiles the same
    /// sources with the same flags, so its objects come from the cache and only what differs is compiled.
    /// </summary>
    public string Cache => cache.Value;

    /// <summary>Writes recipes/oem/NAME.yaml: the demo product with the e1000 and ahci drivers and <paramref name="extra"/> YAML.</summary>
    public string Target(string name, string extra)
    {
        File.WriteAllText(Temp.File("recipes/demo.yaml"), """
            product:
              name: demo
              version: 1.0.0
            core:
              sources: ../src/firmware/core
            drivers:
              - {name: e1000, version: 8.0.3, group: base, pci: ["8086:100e"], sources: ../src/firmware/drivers/e1000}
              - {name: ahci, version: 3.0.1, group: base, pci: ["8086:2922"], sources: ../src/firmware/drivers/ahci}
            """);
        var path = Temp.File($"recipes/oem/{name}.yaml");
        File.WriteAllText(path, "extends: ../demo.yaml\n" + extra);
        return path;
    }

    public CliRun Build(params string[] arguments) =>
        CliRun.Of(["build", .. arguments, "--recipes", Temp.File("recipes"), "--out", Temp.File("images"), "--cache", Cache]);

    public void Dispose() => Temp.Dispose();
}
