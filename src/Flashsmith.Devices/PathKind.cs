namespace Flashsmith.Devices;

/// <summary>What a path names, from its file mode.</summary>
public enum PathKind
{
    Other,
    RegularFile,
    Directory,
    BlockDevice,
    CharacterDevice,
}
