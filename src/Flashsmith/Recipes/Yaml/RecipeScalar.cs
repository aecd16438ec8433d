using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes.Yaml;

/// <summary>A YAML scalar. <see cref="IsNull"/> is true for an empty plain value, "~" or "null".</summary>
public sealed record RecipeScalar(string Value, bool IsPlain, SourcePosition Position) : RecipeNode(Position)
{
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "empty" : "a string";

    public override long Weight => 1;
}
