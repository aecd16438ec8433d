using System.Globalization;
using Flashsmith.Payloads;

namespace Flashsmith.Cli.Rendering;

/// <summary>A cpio member's mode as the tree and the JSON show it: a type word and the permission bits in octal.</summary>
public static class CpioModeText
{
    public static string Type(InitramfsEntry entry) => entry.Type switch
    {
        CpioFileType.RegularFile => "file",
        CpioFileType.Directory => "directory",
        CpioFileType.SymbolicLink => "symlink",
        CpioFileType.CharacterDevice => "char-device",
        CpioFileType.BlockDevice => "block-device",
        CpioFileType.Fifo => "fifo",
        CpioFileType.Socket => "socket",
        _ => "unknown",
    };

    /// <summary>"0755": the permission, set-id and sticky bits, as ls and stat write them.</summary>
    public static string Permissions(InitramfsEntry entry) =>
        Convert.ToString((int)entry.Permissions & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>"0:0".</summary>
    public static string Owner(InitramfsEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{entry.Uid}:{entry.Gid}");
}
