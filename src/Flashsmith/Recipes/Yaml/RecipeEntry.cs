namespace Flashsmith.Recipes.Yaml;

/// <summary>One key and its value in a <see cref="RecipeMapping"/>.</summary>
public sealed record RecipeEntry(RecipeScalar Key, RecipeNode Value);
