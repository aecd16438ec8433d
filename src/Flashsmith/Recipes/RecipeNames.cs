namespace Flashsmith.Recipes;

/// <summary>The rule for product, driver, partition and group names: lower-case letters, digits, '-', '_' and '.'.</summary>
public static class RecipeNames
{
    public const int MaxLength = 36;

    public const string Rule = "lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 36 characters";

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength
        && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');
}
