using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Recipes;

/// <summary>
/// Merges a recipe over the recipe it extends. Mappings merge key by key and the later file
/// wins; partitions merge by name; drivers are replaced by a list or edited by a mapping of
/// remove, replace and add. Values keep the position of the file that wrote them.
/// </summary>
public static class RecipeMerger
{
    /// <summary>Merges <paramref name="recipe"/> over <paramref name="baseRecipe"/> (null for a recipe that extends nothing).</summary>
    public static RecipeMapping Merge(RecipeMapping? baseRecipe, RecipeMapping recipe, string baseName, DiagnosticBag diagnostics)
    {
        var merged = MergeSection(baseRecipe, recipe, RecipeSchema.Root, baseName, diagnostics);
        return merged with { Entries = merged.Entries.Where(e => e.Key.Value != "extends").ToList() };
    }

    private static RecipeMapping MergeSection(RecipeMapping? lower, RecipeMapping upper, KeySpec spec, string baseName, DiagnosticBag diagnostics)
    {
        var entries = new List<RecipeEntry>();
        foreach (var entry in lower?.Entries ?? [])
        {
            if (upper.Find(entry.Key.Value) is null)
            {
                entries.Add(entry);
            }
        }

        foreach (var entry in upper.Entries)
        {
            var key = spec.Find(entry.Key.Value);
            var below = lower?[entry.Key.Value];
            var value = key is null ? entry.Value : MergeValue(below, entry.Value, key, baseName, diagnostics);
            entries.Add(entry with { Value = value });
        }

        // Keep the schema's key order so merged output reads the same whatever order files used.
        var order = spec.Keys.Select(k => k.Name).ToList();
        entries.Sort((a, b) => order.IndexOf(a.Key.Value).CompareTo(order.IndexOf(b.Key.Value)));
        return new RecipeMapping(entries, upper.Position);
    }

    private static RecipeNode MergeValue(RecipeNode? lower, RecipeNode upper, KeySpec key, string baseName, DiagnosticBag diagnostics)
    {
        switch (key.Kind)
        {
            case ValueKind.Section when upper is RecipeMapping map:
                return MergeSection(lower as RecipeMapping, map, key, baseName, diagnostics);
            case ValueKind.NameMap when upper is RecipeMapping map && lower is RecipeMapping below:
                return new RecipeMapping(below.Entries.Where(e => map.Find(e.Key.Value) is null).Concat(map.Entries).ToList(), map.Position);
            case ValueKind.SectionList when key.MergeBy is not null && upper is RecipeSequence list && lower is RecipeSequence below:
                return MergeByName(below, list, key, baseName, diagnostics);
            case ValueKind.DriverSet when upper is RecipeMapping edits:
                return EditDrivers(lower as RecipeSequence, edits, baseName, diagnostics);
            default:
                return upper;
        }
    }

    private static RecipeSequence MergeByName(RecipeSequence lower, RecipeSequence upper, KeySpec key, string baseName, DiagnosticBag diagnostics)
    {
        var items = lower.Items.ToList();
        foreach (var item in upper.Items)
        {
            var index = IndexOf(items, NameOf(item));
            if (index >= 0 && item is RecipeMapping map)
            {
                items[index] = MergeSection(items[index] as RecipeMapping, map, key, baseName, diagnostics);
            }
            else
            {
                items.Add(item);
            }
        }

        return new RecipeSequence(items, upper.Position);
    }

    private static RecipeSequence EditDrivers(RecipeSequence? lower, RecipeMapping edits, string baseName, DiagnosticBag diagnostics)
    {
        var items = lower?.Items.ToList() ?? [];
        foreach (var name in Items(edits["remove"]).OfType<RecipeScalar>())
        {
            var index = IndexOf(items, name.Value);
            if (index < 0)
            {
                diagnostics.Add(DiagnosticCodes.MergeConflict, name.Position, $"cannot remove driver '{name.Value}': {baseName} has no driver of that name");
            }
            else
            {
                items.RemoveAt(index);
            }
        }

        foreach (var driver in Items(edits["replace"]))
        {
            var index = IndexOf(items, NameOf(driver));
            if (index < 0)
            {
                diagnostics.Add(DiagnosticCodes.MergeConflict, driver.Position, $"cannot replace driver '{NameOf(driver)}': {baseName} has no driver of that name; list it under 'add'");
            }
            else
            {
                items[index] = driver;
            }
        }

        foreach (var driver in Items(edits["add"]))
        {
            if (NameOf(driver) is { } name && IndexOf(items, name) >= 0)
            {
                diagnostics.Add(DiagnosticCodes.MergeConflict, driver.Position, $"cannot add driver '{name}': it is already in {baseName}; list it under 'replace' to change it");
            }
            else
            {
                items.Add(driver);
            }
        }

        return new RecipeSequence(items, edits.Position);
    }

    private static IReadOnlyList<RecipeNode> Items(RecipeNode? node) => node is RecipeSequence list ? list.Items : [];

    private static string? NameOf(RecipeNode node) =>
        node is RecipeMapping map && map["name"] is RecipeScalar { IsNull: false } name ? name.Value : null;

    private static int IndexOf(List<RecipeNode> items, string? name) =>
        name is null ? -1 : items.FindIndex(i => NameOf(i) == name);
}
