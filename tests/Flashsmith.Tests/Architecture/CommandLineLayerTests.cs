namespace Flashsmith.Tests.Architecture;

/// <summary>The command line only parses, calls and renders: what a verb prints as JSON is built under Rendering/.</summary>
public sealed class CommandLineLayerTests
{
    [Fact]
    public void No_verb_builds_a_JSON_document_itself()
    {
        var commands = Path.Combine(SourceProjects.RepositoryRoot(), "src", "Flashsmith.Cli", "Commands");
        var files = Directory.GetFiles(commands, "*.cs").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 20, $"expected the verbs under {commands}, found {files.Count} files");

        var building = files
            .Where(f => File.ReadAllText(f).Contains("System.Text.Json", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(building.Count == 0, "verbs that build JSON themselves (move it to Rendering/): " + string.Join(", ", building));
    }
}
