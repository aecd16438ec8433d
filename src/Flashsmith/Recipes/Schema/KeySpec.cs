namespace Flashsmith.Recipes.Schema;

/// <summary>One recipe key: its kind, whether it is required, its default and what it means.</summary>
public sealed record KeySpec(string Name, ValueKind Kind, string Summary)
{
    public bool Required { get; init; }

    /// <summary>The default as a recipe would write it; null when there is none.</summary>
    public string? Default { get; init; }

    public string? Example { get; init; }

    public ChoiceSet Choices { get; init; } = ChoiceSet.None;

    /// <summary>The kind of each item for <see cref="ValueKind.List"/> and <see cref="ValueKind.NameMap"/>.</summary>
    public ValueKind ItemKind { get; init; } = ValueKind.Text;

    /// <summary>The keys of a section, or of each item of a section list.</summary>
    public IReadOnlyList<KeySpec> Keys { get; init; } = [];

    /// <summary>For a section list merged over a base: the key that identifies an item.</summary>
    public string? MergeBy { get; init; }

    public KeySpec? Find(string name) => Keys.FirstOrDefault(k => k.Name == name);

    public KeySpec Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"the recipe schema has no key '{name}' under '{Name}'");
}
