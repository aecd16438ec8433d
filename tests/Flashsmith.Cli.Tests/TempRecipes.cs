using Flashsmith.Recipes;

namespace Flashsmith.Cli.Tests;

/// <summary>A throw-away project folder with a recipes/ folder and a core source folder.</summary>
public sealed class TempRecipes : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("flashsmith-cli-");

    public TempRecipes()
    {
        Directory.CreateDirectory(Path.Combine(root.FullName, "recipes", "oem"));
        Directory.CreateDirectory(Path.Combine(root.FullName, "core"));
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
