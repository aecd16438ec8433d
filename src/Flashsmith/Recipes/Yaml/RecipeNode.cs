using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes.Yaml;

/// <summary>A YAML value read from a recipe, with its position; aliases share nodes rather than copy them.</summary>
public abstract record RecipeNode(SourcePosition Position)
{
    /// <summary>How the value's kind is named in messages: "a mapping", "a list", "a string".</summary>
    public abstract string KindName { get; }

    /// <summary>The number of values this node stands for once aliases are expanded.</summary>
    public abstract long Weight { get; }
}
