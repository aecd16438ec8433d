using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Recipes;

/// <summary>
/// Reads typed values out of one checked mapping, falling back to the schema's defaults.
/// Values were checked by <see cref="RecipeShapeChecker"/>, so parsing here cannot fail.
/// </summary>
internal sealed class SectionReader(RecipeMapping? map, KeySpec spec, string path, SourcePosition fallback)
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

    public Sourced<T> Get<T>(string key, Func<string, T> parse, string? fallbackValue = null)
    {
        var text = Text(key, fallbackValue);
        return new Sourced<T>(parse(text.Value), text.Position);
    }

    public IReadOnlyList<Sourced<T>> List<T>(string key, Func<string, T> parse)
    {
        spec.Get(key);
        return map?[key] is RecipeSequence list
            ? list.Items.OfType<RecipeScalar>().Select(s => new Sourced<T>(parse(s.Value), s.Position)).ToList()
            : [];
    }

    public IReadOnlyDictionary<string, Sourced<T>> NameMap<T>(string key, Func<string, T> parse)
    {
        spec.Get(key);
        var result = new SortedDictionary<string, Sourced<T>>(StringComparer.Ordinal);
        if (map?[key] is RecipeMapping names)
        {
            foreach (var entry in names.Entries)
            {
                if (entry.Value is RecipeScalar { IsNull: false } scalar)
                {
                    result[entry.Key.Value] = new Sourced<T>(parse(scalar.Value), scalar.Position);
                }
            }
        }

        return result;
    }

    public SectionReader Section(string key) =>
        new(map?[key] as RecipeMapping, spec.Get(key), $"{path}{key}.", Position);

    /// <summary>The items of a list of mappings, each read against <paramref name="itemSpec"/>.</summary>
    public IReadOnlyList<SectionReader>? Items(string key, KeySpec itemSpec)
    {
        spec.Get(key);
        if (map?[key] is not RecipeSequence list)
        {
            return null;
        }

        return list.Items.OfType<RecipeMapping>()
            .Select((item, i) => new SectionReader(item, itemSpec, RecipeShapeChecker.ItemPath(path + key, item, i) + ".", item.Position))
            .ToList();
    }
}
