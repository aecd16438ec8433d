namespace Flashsmith;

/// <summary>Where Flashsmith keeps what it makes for a project besides its outputs: caches, keys and staging, under <c>.flashsmith/</c>.</summary>
public static class ProjectState
{
    public const string FolderName = ".flashsmith";

    public static string Folder(string projectRoot) => Path.Combine(projectRoot, FolderName);
}
