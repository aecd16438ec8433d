using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Recipes;

/// <summary>One partition of the layout; a null <see cref="Size"/> value means "rest".</summary>
public sealed record PartitionSpec(
    SourcePosition Position,
    Sourced<string> Name,
    Sourced<PartitionType> Type,
    Sourced<ByteSize?> Size,
    Sourced<ByteSize>? Offset,
    Sourced<FileSystemKind> FileSystem,
    Sourced<string> Label,
    Sourced<PartitionContents> Contents);
