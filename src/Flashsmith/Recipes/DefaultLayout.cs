using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Recipes;

/// <summary>The layout used when a recipe lists no partitions: the embedded-hypervisor layout of a 32 MiB flash.</summary>
public static class DefaultLayout
{
    public static IReadOnlyList<PartitionSpec> Partitions(SourcePosition position) =>
    [
        Make(position, "esp", PartitionType.EfiSystem, ByteSize.FromMiB(4), FileSystemKind.Fat16, "ESP", PartitionContents.Core),
        Make(position, "bootbank", PartitionType.BasicData, ByteSize.FromMiB(12), FileSystemKind.Fat16, "BOOTBANK", PartitionContents.Bootbank),
        Make(position, "altbootbank", PartitionType.BasicData, ByteSize.FromMiB(12), FileSystemKind.Fat16, "ALTBOOTBANK", PartitionContents.Empty),
        Make(position, "unit", PartitionType.BasicData, null, FileSystemKind.Fat, "UNIT", PartitionContents.Unit),
    ];

    /// <summary>The default FAT label for a partition: its name in upper case, cut to 11 characters.</summary>
    public static string LabelFor(string name)
    {
        var label = new string(name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return label.Length > 11 ? label[..11] : label;
    }

    private static PartitionSpec Make(SourcePosition at, string name, PartitionType type, ByteSize? size, FileSystemKind fs, string label, PartitionContents contents) =>
        new(at, new(name, at), new(type, at), new(size, at), null, new(fs, at), new(label, at), new(contents, at));
}
