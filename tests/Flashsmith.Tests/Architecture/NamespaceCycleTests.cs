namespace Flashsmith.Tests.Architecture;

public sealed class NamespaceCycleTests
{
    [Theory]
    [InlineData(typeof(Flashsmith.Pipeline.BuildPipeline))]
    [InlineData(typeof(Flashsmith.Disk.Lba))]
    public void No_capability_of_the_assembly_uses_one_that_uses_it_back(Type member)
    {
        var graph = NamespaceGraph.Read(member.Assembly.Location, Capability);
        var cycles = graph.Cycles()
            .Select(group => string.Join(" -> ", graph.Path(group[0], group[1]).SkipLast(1).Concat(graph.Path(group[1], group[0]))))
            .ToList();
        Assert.True(cycles.Count == 0, "namespace cycles (each namespace shows the type that uses the next):\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void The_graph_sees_uses_in_signatures_and_in_method_bodies()
    {
        var graph = NamespaceGraph.Read(typeof(Flashsmith.Pipeline.BuildPipeline).Assembly.Location, Capability);

        // BuildPipeline starts the remote cache (Toolchains) in its body and takes BuildPlans (Planning) as parameters.
        Assert.Contains("Flashsmith.Toolchains", graph.Edges["Flashsmith.Pipeline"]);
        Assert.Contains("Flashsmith.Planning", graph.Edges["Flashsmith.Pipeline"]);
        Assert.DoesNotContain("Flashsmith.Pipeline", graph.Edges["Flashsmith.Planning"]);
    }

    [Fact]
    public void A_cycle_is_found_and_shown_with_the_types_that_make_it()
    {
        const string Sample = "Flashsmith.Tests.Architecture.CycleSample.";
        var graph = NamespaceGraph.Read(typeof(NamespaceCycleTests).Assembly.Location, name => name);

        var cycle = Assert.Single(graph.Cycles(), c => c.Any(n => n.StartsWith(Sample, StringComparison.Ordinal)));
        Assert.Equal([Sample + "Left", Sample + "Right"], cycle);

        // Left calls into Right in a method body; Right names Left only in a signature.
        Assert.Equal([Sample + "Left (LeftUser)", Sample + "Right"], graph.Path(Sample + "Left", Sample + "Right"));
        Assert.Equal([Sample + "Right (RightUser)", Sample + "Left"], graph.Path(Sample + "Right", Sample + "Left"));
    }

    /// <summary>Folders name capabilities: Flashsmith.Recipes.Schema is part of Flashsmith.Recipes, Flashsmith.Disk.Fat its own.</summary>
    private static string Capability(string name)
    {
        var parts = name.Split('.');
        return parts.Length > 2 && parts[1] != "Disk" ? $"{parts[0]}.{parts[1]}" : name;
    }
}
