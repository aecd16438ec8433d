using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Recipes;

/// <summary>
/// Reads typed values out of one checked mapping: those <see cref="RecipeShapeChecker"/> parsed, or the
/// schema's defaults parsed by the same rules. Nothing is parsed a second time, and a value that was
/// not checked is a fault here, never a silent default.
/// </summary>
internal sealed class SectionReader(RecipeMapping? map, KeySpec spec, string path, SourcePosition fallback, ParsedValues values)
{
    public SourcePosition Position => map?.Position ?? fallback;

    public string Path => path;

    public RecipeScalar? Scalar(string key)
    {
        spec.Get(key);
        return map?[key] is RecipeScalar { IsNull: false } scalar ? scalar : null;
    }

    public Sourced<string>? Optional(string key) =>
        Scalar(key) is { } scalar ? new Sourced<string>(scalar.Value, scalar.Position) : null;

    public Sourced<string> Text(string key, string? fallbackValue = null) =>
        Optional(key) ?? new Sourced<string>(fallbackValue ?? spec.Get(key).Default ?? string.Empty, Position);

    /// <summary>The parsed value of <paramref name="key"/>, or its schema default.</summary>
    public Sourced<T> Value<T>(string key)
    {
        var keySpec = spec.Get(key);
        return OptionalValue<T>(key)
            ?? new Sourced<T>(ScalarRules.ParseDefault<T>(keySpec, keySpec.Kind, keySpec.Default ?? throw new InvalidOperationException($"'{path}{key}' has no default")), Position);
    }

    /// <summary>The parsed value of <paramref name="key"/>, or null when the recipe does not give it.</summary>
    public Sourced<T>? OptionalValue<T>(string key) =>
        Scalar(key) is { } scalar ? new Sourced<T>(values.Get<T>(scalar), scalar.Position) : null;

    public IReadOnlyList<Sourced<T>> List<T>(string key)
    {
        spec.Get(key);
        return map?[key] is RecipeSequence list
            ? list.Items.OfType<RecipeScalar>().Select(s => new Sourced<T>(values.Get<T>(s), s.Position)).ToList()
            : [];
    }

    public IReadOnlyDictionary<string, Sourced<T>> NameMap<T>(string key)
    {
        spec.Get(key);
        var result = new SortedDictionary<string, Sourced<T>>(StringComparer.Ordinal);
        if (map?[key] is RecipeMapping names)
        {
            foreach (var entry in names.Entries)
            {
                if (entry.Value is RecipeScalar { IsNull: false } scalar)
                {
                    result[entry.Key.Value] = new Sourced<T>(values.Get<T>(scalar), scalar.Position);
                }
            }
        }

        return result;
    }

    public SectionReader Section(string key) =>
        new(map?[key] as RecipeMapping, spec.Get(key), $"{path}{key}.", Position, values);

    /// <summary>The items of a list of mappings, each read against <paramref name="itemSpec"/>.</summary>
    public IReadOnlyList<SectionReader>? Items(string key, KeySpec itemSpec)
    {
        spec.Get(key);
        if (map?[key] is not RecipeSequence list)
        {
            return null;
        }

        return list.Items.OfType<RecipeMapping>()
            .Select((item, i) => new SectionReader(item, itemSpec, RecipeShapeChecker.ItemPath(path + key, item, i) + ".", item.Position, values))
            .ToList();
    }
}
