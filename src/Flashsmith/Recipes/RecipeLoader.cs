using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Recipes;

/// <summary>
/// Loads a recipe file and everything it extends into one <see cref="Recipe"/>, or throws a
/// <see cref="BadInputException"/> carrying every problem found.
/// </summary>
public static class RecipeLoader
{
    public const int MaxExtendsDepth = 16;

    public static Recipe Load(string path)
    {
        var full = Path.GetFullPath(path);
        var display = ProjectFolder.Display(full);
        var diagnostics = new DiagnosticBag();
        if (!File.Exists(full))
        {
            var what = Directory.Exists(full) ? "is a folder, not a recipe file" : "does not exist";
            throw new BadInputException(DiagnosticCodes.RecipeUnreadable, $"{display} {what}");
        }

        var project = ProjectFolder.For(full);
        var directories = new Dictionary<string, string>(StringComparer.Ordinal);
        var chain = new List<string>();
        var values = new ParsedValues();
        var merged = LoadChain(full, project, directories, chain, values, diagnostics);
        diagnostics.ThrowIfAny();

        RecipeShapeChecker.CheckRequired(merged!, diagnostics);
        diagnostics.ThrowIfAny();
        var target = Path.GetFileNameWithoutExtension(full);
        var recipe = new RecipeModelBuilder(project, directories, values, diagnostics).Build(merged!, display, target, chain);
        diagnostics.ThrowIfAny();
        return recipe;
    }

    /// <summary>Reads <paramref name="full"/> and its bases, merges them, and returns null when any file is broken.</summary>
    private static RecipeMapping? LoadChain(string full, ProjectFolder project, Dictionary<string, string> directories, List<string> chain, ParsedValues values, DiagnosticBag diagnostics)
    {
        var display = ProjectFolder.Display(full);
        chain.Add(display);
        directories[display] = Path.GetDirectoryName(full)!;
        var document = RecipeYamlReader.ReadFile(full, display, diagnostics);
        if (document is null)
        {
            return null;
        }

        var before = diagnostics.Count;
        RecipeShapeChecker.Check(document, diagnostics, values);
        if (diagnostics.Count > before || document is not RecipeMapping map)
        {
            return null;
        }

        RecipeMapping? baseRecipe = null;
        var baseName = "the base recipe";
        if (map["extends"] is RecipeScalar { IsNull: false } extends)
        {
            var value = new Sourced<string>(extends.Value, extends.Position);
            var basePath = project.Resolve(value, directories[display], "extends", expectDirectory: false, diagnostics);
            if (basePath is null)
            {
                return null;
            }

            var baseDisplay = ProjectFolder.Display(basePath);
            if (chain.Contains(baseDisplay))
            {
                diagnostics.Add(DiagnosticCodes.ExtendsChain, extends.Position, $"'extends' forms a cycle: {string.Join(" -> ", chain)} -> {baseDisplay}");
                return null;
            }

            if (chain.Count >= MaxExtendsDepth)
            {
                diagnostics.Add(DiagnosticCodes.ExtendsChain, extends.Position, $"'extends' goes more than {MaxExtendsDepth} recipes deep");
                return null;
            }

            baseRecipe = LoadChain(basePath, project, directories, chain, values, diagnostics);
            if (baseRecipe is null)
            {
                return null;
            }

            baseName = baseDisplay;
        }

        before = diagnostics.Count;
        var merged = RecipeMerger.Merge(baseRecipe, map, baseName, diagnostics);
        return diagnostics.Count > before ? null : merged;
    }
}
