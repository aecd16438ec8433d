using System.Text;
using BenchmarkDotNet.Attributes;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Benchmarks;

/// <summary>
/// Loading and validating recipes must take well under a second, hostile ones included.
/// </summary>
[MemoryDiagnoser]
public class RecipeBenchmarks
{
    private string[] recipes = [];
    private string aliasBomb = string.Empty;
    private string deepNesting = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        recipes = RecipeCatalog.RecipesIn(Path.Combine(root, "recipes")).ToArray();
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            bomb.Append(FormattableString.Invariant($"a{i}: &a{i} [")).Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        aliasBomb = bomb.ToString();
        deepNesting = new string('[', 10000) + new string(']', 10000);
    }

    [Benchmark(Description = "load and plan every sample recipe")]
    public int LoadAndPlanSamples()
    {
        var partitions = 0;
        foreach (var file in recipes)
        {
            partitions += BuildPlanner.Plan(RecipeLoader.Load(file), BuildSettings.None).Layout.Partitions.Count;
        }

        return partitions;
    }

    [Benchmark(Description = "refuse a billion-laughs alias bomb")]
    public bool RefuseAliasBomb() => Refuse(aliasBomb);

    [Benchmark(Description = "refuse 10,000 levels of nesting")]
    public bool RefuseDeepNesting() => Refuse(deepNesting);

    private static bool Refuse(string text)
    {
        var bag = new DiagnosticBag();
        RecipeYamlReader.Read(text, "hostile.yaml", bag);
        return bag.HasErrors;
    }

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Build.sln")))
            {
                return dir;
            }
        }

        return Environment.CurrentDirectory;
    }
}
