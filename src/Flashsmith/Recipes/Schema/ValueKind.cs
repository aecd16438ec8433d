namespace Flashsmith.Recipes.Schema;

/// <summary>The kinds of value a recipe key can hold.</summary>
public enum ValueKind
{
    Text,
    Name,
    Integer,
    Size,
    SizeOrRest,
    Version,
    Percent,
    Choice,
    Path,
    Sha256,
    PciId,
    Requirement,
    Timestamp,
    Label,
    PartitionType,
    KeyReference,

    /// <summary>A preprocessor define: NAME or NAME=value.</summary>
    Define,

    /// <summary>An absolute path in a FAT volume or an archive, such as /vmlinuz or /EFI/BOOT/xen.cfg.</summary>
    PartitionPath,

    /// <summary>A .NET regular expression.</summary>
    Pattern,

    /// <summary>A command line: printable ASCII on one line.</summary>
    CommandLine,

    /// <summary>A list of scalars of <see cref="KeySpec.ItemKind"/>.</summary>
    List,

    /// <summary>A mapping with the keys in <see cref="KeySpec.Keys"/>.</summary>
    Section,

    /// <summary>A list of mappings with the keys in <see cref="KeySpec.Keys"/>.</summary>
    SectionList,

    /// <summary>A mapping from names to values of <see cref="KeySpec.ItemKind"/>.</summary>
    NameMap,

    /// <summary>A list of drivers, or in a target a mapping of add, remove and replace.</summary>
    DriverSet,
}
