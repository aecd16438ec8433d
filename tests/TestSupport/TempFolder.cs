namespace Flashsmith.TestSupport;

/// <summary>A folder that is deleted with its contents when the test is done.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("flashsmith-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies the files under <paramref name="source"/> (those <paramref name="include"/> accepts) to <paramref name="relative"/> in this folder.</summary>
    public void CopyIn(string source, string relative, Func<string, bool>? include = null)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(include ?? (_ => true)))
        {
            var target = File(System.IO.Path.Combine(relative, System.IO.Path.GetRelativePath(source, file)));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
