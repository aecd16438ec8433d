using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes.Yaml;

/// <summary>A YAML mapping whose keys are scalars, in the order written.</summary>
public sealed record RecipeMapping(IReadOnlyList<RecipeEntry> Entries, SourcePosition Position) : RecipeNode(Position)
{
    private readonly long weight = 1 + Entries.Sum(e => 1 + e.Value.Weight);

    public override string KindName => "a mapping";

    public override long Weight => weight;

    public RecipeEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);

    public RecipeNode? this[string key] => Find(key)?.Value;
}
