namespace Flashsmith.Disk.Fat;

/// <summary>One entry of a directory as read back: its long name (or short name when it has none) and where its data is.</summary>
public sealed record FatDirectoryItem(
    string Name,
    string ShortName,
    FatAttributes Attributes,
    uint FirstCluster,
    long Size,
    DateTime? Written)
{
    public bool IsDirectory => (Attributes & FatAttributes.Directory) != 0;
}
