using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Recipes.Schema;

/// <summary>
/// Checks one recipe file against <see cref="RecipeSchema"/>: unknown keys, wrong kinds of
/// value and malformed scalars. Required keys are checked later, on the merged recipe,
/// because a target file may leave them to its base.
/// </summary>
public static class RecipeShapeChecker
{
    public static void Check(RecipeNode document, DiagnosticBag diagnostics, ParsedValues values) => Check(document, RecipeSchema.Root, "a recipe must be a mapping of keys such as 'product' and 'drivers'", diagnostics, values);

    /// <summary>Checks any document against the keys of <paramref name="schema"/> (a recipe, a package descriptor).</summary>
    /// <remarks>Every scalar's typed value goes into <paramref name="values"/>: the one parse of it.</remarks>
    public static void Check(RecipeNode document, KeySpec schema, string notAMapping, DiagnosticBag diagnostics, ParsedValues values)
    {
        if (document is not RecipeMapping root)
        {
            diagnostics.Add(DiagnosticCodes.RecipeEmpty, document.Position, $"{notAMapping}, not {document.KindName}");
            return;
        }

        CheckSection(root, schema, string.Empty, diagnostics, values);
    }

    /// <summary>Reports the required keys of <paramref name="schema"/> missing from <paramref name="root"/>.</summary>
    public static void CheckRequired(RecipeMapping root, KeySpec schema, DiagnosticBag diagnostics) =>
        CheckRequired(root, schema.Keys, string.Empty, diagnostics);

    /// <summary>Reports required keys missing from a merged recipe.</summary>
    public static void CheckRequired(RecipeMapping root, DiagnosticBag diagnostics) =>
        CheckRequired(root, RecipeSchema.Root.Keys, string.Empty, diagnostics);

    /// <summary>How an item of a section list is named in messages: by its name when it has one.</summary>
    public static string ItemPath(string listPath, RecipeNode item, int index) =>
        item is RecipeMapping map && map["name"] is RecipeScalar { IsNull: false } name
            ? $"{listPath}[{name.Value}]"
            : $"{listPath}[{index + 1}]";

    private static void CheckSection(RecipeMapping map, KeySpec spec, string prefix, DiagnosticBag diagnostics, ParsedValues values)
    {
        foreach (var entry in map.Entries)
        {
            var key = spec.Find(entry.Key.Value);
            if (key is null)
            {
                diagnostics.Add(DiagnosticCodes.UnknownKey, entry.Key.Position, UnknownKey(entry.Key.Value, spec, prefix));
                continue;
            }

            CheckValue(entry.Value, key, prefix + key.Name, diagnostics, values);
        }
    }

    private static void CheckValue(RecipeNode node, KeySpec key, string path, DiagnosticBag diagnostics, ParsedValues values)
    {
        if (node is RecipeScalar { IsNull: true })
        {
            return;
        }

        switch (key.Kind)
        {
            case ValueKind.Section when node is RecipeMapping map:
                CheckSection(map, key, path + ".", diagnostics, values);
                break;
            case ValueKind.SectionList when node is RecipeSequence list:
                CheckSectionList(list, key, path, diagnostics, values);
                break;
            case ValueKind.List when node is RecipeSequence list:
                foreach (var item in list.Items)
                {
                    CheckScalar(item, key, key.ItemKind, path, diagnostics, values);
                }

                break;
            case ValueKind.NameMap when node is RecipeMapping map:
                foreach (var entry in map.Entries)
                {
                    if (!RecipeNames.IsValid(entry.Key.Value))
                    {
                        diagnostics.Add(DiagnosticCodes.WrongShape, entry.Key.Position, $"'{path}' has a key that is not a valid name: '{entry.Key.Value}'; use {RecipeNames.Rule}");
                    }

                    CheckScalar(entry.Value, key, key.ItemKind, $"{path}.{entry.Key.Value}", diagnostics, values);
                }

                break;
            case ValueKind.DriverSet when node is RecipeSequence list:
                CheckSectionList(list, RecipeSchema.Driver, path, diagnostics, values);
                break;
            case ValueKind.DriverSet when node is RecipeMapping map:
                CheckSection(map, key, path + ".", diagnostics, values);
                break;
            case ValueKind.Section or ValueKind.SectionList or ValueKind.List or ValueKind.NameMap or ValueKind.DriverSet:
                diagnostics.Add(DiagnosticCodes.WrongShape, node.Position, $"'{path}' must be {Expected(key.Kind)}, not {node.KindName}");
                break;
            default:
                CheckScalar(node, key, key.Kind, path, diagnostics, values);
                break;
        }
    }

    private static void CheckSectionList(RecipeSequence list, KeySpec key, string path, DiagnosticBag diagnostics, ParsedValues values)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var itemPath = ItemPath(path, item, i);
            if (item is RecipeMapping map)
            {
                CheckSection(map, key, itemPath + ".", diagnostics, values);
            }
            else
            {
                diagnostics.Add(DiagnosticCodes.WrongShape, item.Position, $"'{itemPath}' must be a mapping, not {item.KindName}");
            }
        }
    }

    private static void CheckScalar(RecipeNode node, KeySpec key, ValueKind kind, string path, DiagnosticBag diagnostics, ParsedValues values)
    {
        if (node is not RecipeScalar scalar)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape, node.Position, $"'{path}' must be a single value, not {node.KindName}");
            return;
        }

        if (scalar.IsNull)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape, node.Position, $"'{path}' is empty");
            return;
        }

        var (value, problem) = ScalarRules.Parse(key, kind, path, scalar.Value);
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticCodes.BadValue, node.Position, problem);
            return;
        }

        values.Record(scalar, value);
    }

    private static void CheckRequired(RecipeMapping map, IReadOnlyList<KeySpec> keys, string prefix, DiagnosticBag diagnostics)
    {
        foreach (var key in keys)
        {
            var value = map[key.Name];
            if (value is null or RecipeScalar { IsNull: true })
            {
                if (key.Required)
                {
                    diagnostics.Add(DiagnosticCodes.MissingKey, map.Position, $"missing required key '{prefix}{key.Name}'");
                }

                continue;
            }

            var path = prefix + key.Name;
            if (key.Kind == ValueKind.Section && value is RecipeMapping section)
            {
                CheckRequired(section, key.Keys, path + ".", diagnostics);
            }
            else if (key.Kind is ValueKind.SectionList or ValueKind.DriverSet && value is RecipeSequence list)
            {
                var itemKeys = key.Kind == ValueKind.DriverSet ? RecipeSchema.Driver.Keys : key.Keys;
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is RecipeMapping item)
                    {
                        CheckRequired(item, itemKeys, ItemPath(path, item, i) + ".", diagnostics);
                    }
                }
            }
        }
    }

    private static string UnknownKey(string name, KeySpec spec, string prefix)
    {
        var names = spec.Keys.Select(k => k.Name).ToList();
        var suggestion = Suggestions.Closest(name, names);
        var where = prefix.Length == 0 ? string.Empty : $" in '{prefix.TrimEnd('.')}'";
        return suggestion is null
            ? $"unknown key '{name}'{where} (expected one of: {string.Join(", ", names)})"
            : $"unknown key '{name}'{where} (did you mean '{suggestion}'?)";
    }

    private static string Expected(ValueKind kind) => kind switch
    {
        ValueKind.Section => "a mapping",
        ValueKind.NameMap => "a mapping of names to values",
        ValueKind.DriverSet => "a list of drivers, or a mapping of add, remove and replace",
        _ => "a list",
    };
}
