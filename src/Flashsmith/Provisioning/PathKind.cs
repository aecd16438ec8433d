namespace Flashsmith.Provisioning;

/// <summary>What a path names, from its file mode.</summary>
public enum PathKind
{
    Other,
    RegularFile,
    Directory,
    BlockDevice,
    CharacterDevice,
}
