namespace Flashsmith.Disk.Fat;

/// <summary>A file that an extraction would write already exists, and overwriting was not asked for.</summary>
public sealed class FileExistsException(string path) : IOException($"{path} already exists")
{
    public string Path => path;
}
