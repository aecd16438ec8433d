namespace Flashsmith.Recipes.Schema;

/// <summary>
/// The words a choice key accepts, in the order messages and the schema list them, each with the value it
/// stands for: the one map that both checks a word and turns it into its value.
/// </summary>
public sealed class ChoiceSet
{
    private readonly Dictionary<string, object> values;

    private ChoiceSet(IEnumerable<(string Word, object Value)> entries)
    {
        var list = entries.ToList();
        Words = [.. list.Select(e => e.Word)];
        values = list.ToDictionary(e => e.Word, e => e.Value, StringComparer.Ordinal);
    }

    public static ChoiceSet None { get; } = new([]);

    public IReadOnlyList<string> Words { get; }

    /// <summary>Words that stand for themselves, such as a toolchain preset's name.</summary>
    public static ChoiceSet Of(params string[] words) => new(words.Select(w => (w, (object)w)));

    /// <summary>Enum values, each written as its name in lower case.</summary>
    public static ChoiceSet Of<T>(params IEnumerable<T> choices)
        where T : struct, Enum =>
        new(choices.Select(c => (Word(c), (object)c)));

    /// <summary>How a recipe writes an enum choice.</summary>
    public static string Word<T>(T choice)
        where T : struct, Enum =>
        choice.ToString().ToLowerInvariant();

    public bool TryGet(string word, out object? value) => values.TryGetValue(word, out value);
}
