using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Recipes.Schema;

/// <summary>
/// The typed value of every scalar the shape checker parsed, kept by node: a recipe value is parsed once,
/// by <see cref="ScalarRules"/>, and the model builder takes it from here.
/// </summary>
public sealed class ParsedValues
{
    private readonly Dictionary<RecipeScalar, object?> values = new(ReferenceEqualityComparer.Instance);

    public void Record(RecipeScalar scalar, object? value) => values[scalar] = value;

    /// <summary>The value parsed from <paramref name="scalar"/>; a scalar that was never checked is a fault of the builder, not of the recipe.</summary>
    public T Get<T>(RecipeScalar scalar) =>
        values.TryGetValue(scalar, out var value)
            ? (T)value!
            : throw new InvalidOperationException($"the value at {scalar.Position} was not checked before use");
}
