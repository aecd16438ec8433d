namespace Flashsmith.Planning;

/// <summary>What a 'sources' folder holds for the compiler: its C files and its assembly files that go through the preprocessor, in every subfolder.</summary>
public static class SourceFolder
{
    /// <summary>The extensions of the files a component compiles.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".c", ".S"];

    /// <summary>The extensions as the patterns a message names.</summary>
    public static string Patterns => string.Join(", ", Extensions.Select(e => "*" + e));

    /// <summary>The folder's source files, full paths, in ordinal order.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Enumerate(folder).Order(StringComparer.Ordinal).ToList();

    public static bool HasFiles(string folder) => Directory.Exists(folder) && Enumerate(folder).Any();

    private static IEnumerable<string> Enumerate(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal));
}
