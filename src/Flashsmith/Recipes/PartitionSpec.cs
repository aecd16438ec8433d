using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Recipes;

/// <summary>One partition of the layout; a null <see cref="Size"/> value means <see cref="Rest"/>.</summary>
public sealed record PartitionSpec(
    SourcePosition Position,
    Sourced<string> Name,
    Sourced<PartitionType> Type,
    Sourced<ByteSize?> Size,
    Sourced<ByteSize>? Offset,
    Sourced<FileSystemKind> FileSystem,
    Sourced<string> Label,
    Sourced<PartitionContents> Contents)
{
    /// <summary>The size word that gives a partition the space left after the others.</summary>
    public const string Rest = "rest";

    /// <summary>Reads a partition size: a size, or <see cref="Rest"/> (null). The one parser of partition sizes.</summary>
    public static bool TryParseSize(string text, out ByteSize? size)
    {
        size = null;
        if (text == Rest)
        {
            return true;
        }

        if (ByteSize.TryParse(text, out var bytes))
        {
            size = bytes;
            return true;
        }

        return false;
    }
}
