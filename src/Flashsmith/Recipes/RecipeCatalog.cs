namespace Flashsmith.Recipes;

/// <summary>Finds recipe files: the OEM targets under <c>recipes/oem/</c>, or every recipe under a folder.</summary>
public static class RecipeCatalog
{
    public const string TargetsFolder = "oem";

    /// <summary>The target recipe files under <paramref name="recipesFolder"/>/oem, in name order.</summary>
    public static IReadOnlyList<string> Targets(string recipesFolder)
    {
        var folder = Path.Combine(recipesFolder, TargetsFolder);
        return Directory.Exists(folder) ? RecipesIn(folder, recursive: false) : [];
    }

    /// <summary>The file for target <paramref name="name"/>, or null when there is none.</summary>
    public static string? FindTarget(string recipesFolder, string name) =>
        Targets(recipesFolder).FirstOrDefault(t => Path.GetFileNameWithoutExtension(t) == name);

    /// <summary>Every <c>.yaml</c> or <c>.yml</c> recipe under <paramref name="folder"/>, in ordinal path order; depot package descriptors are not recipes.</summary>
    public static IReadOnlyList<string> RecipesIn(string folder, bool recursive = true) =>
        Directory.EnumerateFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != Schema.RecipeSchema.PackageFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
}
