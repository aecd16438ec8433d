namespace Flashsmith.Recipes;

/// <summary>The file system a partition is formatted with; <see cref="Fat"/> lets the cluster count choose.</summary>
public enum FileSystemKind
{
    None,
    Fat,
    Fat12,
    Fat16,
    Fat32,
}
