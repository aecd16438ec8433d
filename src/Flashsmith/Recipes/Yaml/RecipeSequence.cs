using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes.Yaml;

/// <summary>A YAML sequence.</summary>
public sealed record RecipeSequence(IReadOnlyList<RecipeNode> Items, SourcePosition Position) : RecipeNode(Position)
{
    private readonly long weight = 1 + Items.Sum(i => i.Weight);

    public override string KindName => "a list";

    public override long Weight => weight;
}
