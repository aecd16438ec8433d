namespace Flashsmith.Planning;

/// <summary>What a 'sources' folder holds for the compiler: its C files, in every subfolder.</summary>
public static class SourceFolder
{
    public const string Pattern = "*.c";

    /// <summary>The folder's C files, full paths, in ordinal order.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, Pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    public static bool HasFiles(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder, Pattern, SearchOption.AllDirectories).Any();
}
