using Flashsmith.Recipes;

namespace Flashsmith.Cli.Tests;

/// <summary>A throw-away project folder with a recipes/ folder and core and loader source folders, each with a C file.</summary>
public sealed class TempRecipes : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("flashsmith-cli-");

    public TempRecipes()
    {
        Directory.CreateDirectory(Path.Combine(root.FullName, "recipes", "oem"));
        foreach (var folder in new[] { "core", "loader" })
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, folder));
            File.WriteAllText(Path.Combine(root.FullName, folder, "main.c"), "int efi_main(void) { return 0; }\n");
        }
    }

    public string Recipes => Path.Combine(root.FullName, "recipes");

    public static string Display(string path) => ProjectFolder.Display(path);

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Recipes, relativePath);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => root.Delete(recursive: true);
}
