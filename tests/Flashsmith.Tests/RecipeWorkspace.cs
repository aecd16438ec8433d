using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Tests;

/// <summary>A throw-away project folder: recipes/ plus core, loader and driver source folders, each with a C file.</summary>
public sealed class RecipeWorkspace : IDisposable
{
    public const string MinimalRecipe = """
        product:
          name: demo
          version: 1.0.0
        core:
          sources: ../firmware/core
        """;

    public RecipeWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "flashsmith-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "recipes", "oem"));
        foreach (var folder in new[] { "core", "loader", "drivers/nic" })
        {
            Directory.CreateDirectory(Path.Combine(Root, "firmware", folder));
            File.WriteAllText(Path.Combine(Root, "firmware", folder, "main.c"), "int efi_main(void) { return 0; }\n");
        }

        Directory.CreateDirectory(Path.Combine(Root, "depot"));
        File.WriteAllText(Path.Combine(Root, "depot", "raid.efi"), "MZ");
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> to recipes/<paramref name="relativePath"/> and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, "recipes", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public Recipe Load(string relativePath) => RecipeLoader.Load(Path.Combine(Root, "recipes", relativePath));

    /// <summary>Loads a recipe that must fail and returns its messages as "line:column: message".</summary>
    public IReadOnlyList<string> Errors(string relativePath)
    {
        var ex = Assert.Throws<BadInputException>(() => Load(relativePath));
        return ex.Problems.Select(d => $"{d.Position!.Value.Line}:{d.Position!.Value.Column}: {d.Message}").ToList();
    }

    /// <summary>Loads a recipe that must fail and returns its problems as "line:column: FSxxxx: message".</summary>
    public IReadOnlyList<string> Problems(string relativePath) => Coded(Assert.Throws<BadInputException>(() => Load(relativePath)));

    /// <summary>The problems of <paramref name="ex"/> as "line:column: FSxxxx: message", in the order they were found.</summary>
    public static IReadOnlyList<string> Coded(BadInputException ex) =>
        ex.Problems.Select(d => $"{d.Position!.Value.Line}:{d.Position!.Value.Column}: {d.Code.Id}: {d.Message}").ToList();

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relativePath"/> under the project folder and returns its full path.</summary>
    public string WriteFile(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
