using Flashsmith.Disk.Partitions;

namespace Flashsmith.Cli.Rendering;

/// <summary>Names people know for partition types.</summary>
public static class PartitionTypeNames
{
    private static readonly Guid LinuxFileSystem = new("0fc63daf-8483-4772-8e79-3d69d8477de4");

    public static string For(PartitionInfo partition) => partition.TypeGuid == Guid.Empty
        ? $"0x{partition.MbrType:x2}{(partition.MbrType == 0xEF ? " (EFI System)" : partition.MbrType is 0x0B or 0x0C ? " (FAT32)" : partition.MbrType is 0x04 or 0x06 or 0x0E ? " (FAT16)" : string.Empty)}"
        : partition.TypeGuid == GuidPartitionTable.EfiSystemType ? "EFI System"
        : partition.TypeGuid == GuidPartitionTable.BasicDataType ? "Basic data"
        : partition.TypeGuid == LinuxFileSystem ? "Linux filesystem"
        : partition.TypeGuid.ToString();
}
