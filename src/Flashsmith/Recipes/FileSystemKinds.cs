using Flashsmith.Disk.Fat;

namespace Flashsmith.Recipes;

/// <summary>What a recipe's file system asks of the FAT writer.</summary>
public static class FileSystemKinds
{
    /// <summary>The FAT type forced by <paramref name="kind"/>; null lets the cluster count choose (and means nothing for 'none').</summary>
    public static FatType? ForcedFatType(this FileSystemKind kind) => kind switch
    {
        FileSystemKind.Fat12 => FatType.Fat12,
        FileSystemKind.Fat16 => FatType.Fat16,
        FileSystemKind.Fat32 => FatType.Fat32,
        _ => null,
    };
}
