using Flashsmith.TestSupport;
using System.Text.Json;
using Flashsmith.Recipes.Schema;

namespace Flashsmith.Tests.Recipes.Schema;

public sealed class RecipeSchemaTests
{
    [Fact]
    public void Reference_page_documents_every_key()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "recipes", "README.md"));

        var missing = RecipeSchema.Paths().Where(path => !page.Contains($"`{path}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "recipes/README.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Reference_page_documents_no_key_the_model_lacks()
    {
        var page = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "recipes", "README.md"));
        var known = RecipeSchema.Paths().ToHashSet(StringComparer.Ordinal);

        var rows = page.Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('`')[1])
            .Where(k => !known.Contains(k))
            .ToList();

        Assert.True(rows.Count == 0, "recipes/README.md documents keys the model lacks: " + string.Join(", ", rows));
    }

    [Fact]
    public void Committed_json_schema_is_current()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "recipes", "recipe.schema.json"));

        Assert.True(
            committed == RecipeJsonSchema.Generate(),
            "recipes/recipe.schema.json is out of date; run: tools/flashsmith schema -o recipes/recipe.schema.json");
    }

    [Fact]
    public void Json_schema_is_valid_json_describing_every_top_level_key()
    {
        using var schema = JsonDocument.Parse(RecipeJsonSchema.Generate());
        var properties = schema.RootElement.GetProperty("properties");

        Assert.All(RecipeSchema.Root.Keys, key => Assert.True(properties.TryGetProperty(key.Name, out _), key.Name));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Every_key_has_a_summary_and_an_example_or_children()
    {
        var all = RecipeSchema.Root.Keys.Concat(RecipeSchema.Driver.Keys).Concat(RecipeSchema.Partition.Keys);

        Assert.All(all, key =>
        {
            Assert.False(string.IsNullOrWhiteSpace(key.Summary), key.Name);
            Assert.True(key.Example is not null || key.Keys.Count > 0, key.Name);
        });
    }
}
