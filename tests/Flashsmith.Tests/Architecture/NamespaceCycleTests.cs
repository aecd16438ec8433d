using Microsoft.CodeAnalysis;

namespace Flashsmith.Tests.Architecture;

public sealed class NamespaceCycleTests
{
    /// <summary>The projects of DESIGN.md section 3, top to bottom (the station program runs the command line tool): each uses only projects below it.</summary>
    private static readonly string[] Layers =
        ["Flashsmith.Station", "Flashsmith.Cli", "Flashsmith.Factory", "Flashsmith.Cache.Redis", "Flashsmith", "Flashsmith.Devices", "Flashsmith.Diagnostics", "Flashsmith.Disk"];

    private static readonly Lazy<NamespaceGraph> Source = new(() => NamespaceGraph.Read(SourceProjects.All, Capability));

    /// <summary>Namespace B of the samples: what namespace A's uses point at.</summary>
    private const string SampleB = """
        namespace B
        {
            public static class Limits
            {
                public const int Max = 4;

                public static int Open() => 1;
            }

            public static class Texts
            {
                public const string Why = "why";
            }

            public sealed class MarkAttribute : System.Attribute
            {
            }

            public sealed class Box
            {
            }

            public static class Numbers
            {
                public static int Twice(this int n) => 2 * n;
            }
        }
        """;

    [Fact]
    public void Every_project_under_src_is_read_and_every_name_in_it_resolves()
    {
        var names = SourceProjects.All.Select(c => c.AssemblyName!).ToHashSet();
        Assert.Superset(new HashSet<string>(["Flashsmith.Disk", "Flashsmith.Diagnostics", "Flashsmith.Devices", "Flashsmith", "Flashsmith.Factory", "Flashsmith.Cache.Redis", "Flashsmith.Cli", "Flashsmith.Station"]), names);

        // A name the semantic model could not resolve is a use the graph would miss.
        var unresolved = Source.Value.Unresolved;
        Assert.True(unresolved.Count == 0, "names not resolved in the source as read here:\n" + string.Join('\n', unresolved.Take(20)));
    }

    [Fact]
    public void No_capability_uses_one_that_uses_it_back()
    {
        var graph = Source.Value;
        var cycles = graph.Cycles()
            .Select(group => string.Join(" -> ", graph.Path(group[0], group[1]).SkipLast(1).Concat(graph.Path(group[1], group[0]))))
            .ToList();
        Assert.True(cycles.Count == 0, "namespace cycles (each namespace shows the member that uses the next, what it uses and where):\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void Each_namespace_is_declared_in_one_project()
    {
        var shared = Source.Value.Projects.Where(p => p.Value.Count > 1).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}").ToList();
        Assert.True(shared.Count == 0, "namespaces declared in more than one project:\n" + string.Join('\n', shared));
    }

    [Fact]
    public void Each_project_uses_only_the_projects_below_it_in_the_design()
    {
        var graph = Source.Value;
        var unplaced = graph.Projects.Values.SelectMany(p => p).Distinct().Where(p => !Layers.Contains(p)).ToList();
        Assert.True(unplaced.Count == 0, "projects with no place in DESIGN.md section 3: " + string.Join(", ", unplaced));

        var upwards = Violations(graph, (from, to) => Array.IndexOf(Layers, Project(graph, to)) < Array.IndexOf(Layers, Project(graph, from)));
        Assert.True(upwards.Count == 0, "uses of a project from one below it:\n" + string.Join('\n', upwards));
    }

    [Fact]
    public void The_disk_layer_uses_no_other_namespace_of_Flashsmith()
    {
        var graph = Source.Value;
        Assert.Contains("Flashsmith.Disk.Fat", graph.Edges["Flashsmith.Disk.Partitions"].Concat(graph.Edges["Flashsmith.Disk.Imaging"]));
        var outside = Violations(graph, (from, to) => Within(from, "Flashsmith.Disk") && !Within(to, "Flashsmith.Disk"));
        Assert.True(outside.Count == 0, "the disk layer uses:\n" + string.Join('\n', outside));
    }

    [Fact]
    public void The_core_library_uses_no_factory_cache_command_line_or_station_namespace()
    {
        string[] above = ["Flashsmith.Provisioning", "Flashsmith.Cache", "Flashsmith.Cli", "Flashsmith.Station"];
        var graph = Source.Value;
        var uses = Violations(graph, (from, to) => Project(graph, from) == "Flashsmith" && above.Any(a => Within(to, a)));
        Assert.True(uses.Count == 0, "the core library uses:\n" + string.Join('\n', uses));
    }

    [Fact]
    public void The_graph_sees_uses_in_signatures_and_in_method_bodies()
    {
        var graph = Source.Value;

        // BuildPipeline starts the remote cache (Toolchains) in its body and takes BuildPlans (Planning) as parameters.
        Assert.Contains("Flashsmith.Toolchains", graph.Edges["Flashsmith.Pipeline"]);
        Assert.Contains("Flashsmith.Planning", graph.Edges["Flashsmith.Pipeline"]);
        Assert.DoesNotContain("Flashsmith.Pipeline", graph.Edges["Flashsmith.Planning"]);
    }

    [Fact]
    public void A_cycle_made_only_by_a_constant_is_found_and_shown_with_the_uses_that_make_it()
    {
        // A's only use of B is a constant, which the compiler copies into A's code: nothing of B is left to see in A's assembly.
        const string A = """
            namespace A
            {
                public sealed class Gate
                {
                    public static bool Check(int size) => size <= B.Limits.Max;
                }
            }
            """;
        const string Back = """
            namespace B
            {
                public static class Opener
                {
                    public static bool Open(A.Gate gate) => gate is not null;
                }
            }
            """;
        var graph = Sample(("A.cs", A), ("B.cs", SampleB), ("Back.cs", Back));

        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["A", "B"], cycle);
        Assert.Equal(["A (Gate.Check uses Limits.Max, A.cs:5)", "B"], graph.Path("A", "B"));
        Assert.Equal(["B (Opener.Open uses Gate, Back.cs:5)", "A"], graph.Path("B", "A"));
    }

    [Theory]
    [InlineData("a constant", "", "public static int F() => B.Limits.Max;", "User.F uses Limits.Max")]
    [InlineData("a constant as a default value", "", "public static int F(int x = B.Limits.Max) => x;", "User.F uses Limits.Max")]
    [InlineData("a constant as an attribute argument", "", "[System.Obsolete(B.Texts.Why)] public static void F() { }", "User.F uses Texts.Why")]
    [InlineData("a constant as a pattern", "", "public static bool F(int x) => x is B.Limits.Max;", "User.F uses Limits.Max")]
    [InlineData("a constant through using static", "using static B.Limits;", "public static int F() => Max;", "User.F uses Limits.Max")]
    [InlineData("a constant as an enum value", "", "public enum Size { Large = B.Limits.Max }", "User.Size.Large uses Limits.Max")]
    [InlineData("nameof a type", "", "public static string F() => nameof(B.Limits);", "User.F uses Limits")]
    [InlineData("nameof a method", "", "public static string F() => nameof(B.Limits.Open);", "User.F uses Limits.Open")]
    [InlineData("typeof", "", "public static System.Type F() => typeof(B.Box);", "User.F uses Box")]
    [InlineData("an attribute", "", "[B.Mark] public static void F() { }", "User.F uses MarkAttribute")]
    [InlineData("a static method", "", "public static int F() => B.Limits.Open();", "User.F uses Limits.Open")]
    [InlineData("an extension method", "using B;", "public static int F() => 3.Twice();", "User.F uses Numbers.Twice")]
    [InlineData("a type argument", "", "public static object F() => new System.Collections.Generic.List<B.Box>();", "User.F uses Box")]
    [InlineData("a field's type", "", "private static readonly B.Box? Kept = null;", "User.Kept uses Box")]
    public void Each_kind_of_use_of_another_namespace_is_an_edge(string kind, string usings, string member, string witness)
    {
        var a = $$"""
            {{usings}}
            namespace A
            {
                public static class User
                {
                    {{member}}
                }
            }
            """;
        var graph = Sample(("A.cs", a), ("B.cs", SampleB));

        Assert.True(graph.Edges.TryGetValue("A", out var targets) && targets.Contains("B"), $"{kind}: no edge from A to B");
        Assert.Equal($"{witness}, A.cs:6", graph.Witness("A", "B"));
    }

    /// <summary>Folders name capabilities: Flashsmith.Recipes.Schema is part of Flashsmith.Recipes, Flashsmith.Disk.Fat its own.</summary>
    private static string Capability(string name)
    {
        var parts = name.Split('.');
        return parts.Length > 2 && parts[1] != "Disk" ? $"{parts[0]}.{parts[1]}" : name;
    }

    private static bool Within(string name, string root) =>
        name == root || name.StartsWith(root + ".", StringComparison.Ordinal);

    private static string Project(NamespaceGraph graph, string name) => graph.Projects[name].First();

    /// <summary>Each edge that <paramref name="wrong"/> picks, with the use that makes it.</summary>
    private static List<string> Violations(NamespaceGraph graph, Func<string, string, bool> wrong) =>
        graph.Edges
            .SelectMany(e => e.Value.Select(to => (From: e.Key, To: to)))
            .Where(e => wrong(e.From, e.To))
            .Select(e => $"{e.From} -> {e.To} ({graph.Witness(e.From, e.To)})")
            .ToList();

    /// <summary>The graph of a small program, compiled in memory, each namespace its own node.</summary>
    private static NamespaceGraph Sample(params (string Path, string Text)[] files)
    {
        var compilation = SourceProjects.Compile("Sample", files.Select(f => SourceProjects.Parse(f.Text, f.Path)), []);
        Assert.Empty(SourceProjects.Errors(compilation));
        return NamespaceGraph.Read([compilation], name => name);
    }
}
