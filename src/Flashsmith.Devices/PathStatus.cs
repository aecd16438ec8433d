using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Flashsmith.Diagnostics;

namespace Flashsmith.Devices;

/// <summary>
/// What <c>statx(2)</c> says of a path, symbolic links followed: its kind, identity, size, modification and
/// status-change times (nanoseconds since 1970) and, for a device node, the device it names. .NET has no portable
/// way to ask for the file type or inode; <c>struct statx</c> has the same layout on every Linux architecture, unlike
/// <c>struct stat</c>.
/// <see cref="NamedDevice"/> is the device a device node stands for.
/// </summary>
public sealed record PathStatus(PathKind Kind, FileIdentity Identity, DeviceNumber NamedDevice, long Size, long Modified, long Changed)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int BufferSize = 256;

    /// <summary>The status of <paramref name="path"/>, or null when it does not exist.</summary>
    public static PathStatus? Of(string path)
    {
        var name = Encoding.UTF8.GetBytes(path + "\0");
        var buffer = new byte[BufferSize];
        if (Statx(AtFdCwd, name, 0, StatxBasicStats, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is Errno.ENOENT or Errno.ENOTDIR)
            {
                return null;
            }

            throw new IOException($"cannot read the status of {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        var span = buffer.AsSpan();
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => PathKind.RegularFile,
            0x4000 => PathKind.Directory,
            0x6000 => PathKind.BlockDevice,
            0x2000 => PathKind.CharacterDevice,
            _ => PathKind.Other,
        };
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(span[40..]);
        var changed = Nanoseconds(span[96..]);
        var modified = Nanoseconds(span[112..]);
        var named = new DeviceNumber(BinaryPrimitives.ReadUInt32LittleEndian(span[128..]), BinaryPrimitives.ReadUInt32LittleEndian(span[132..]));
        var device = new DeviceNumber(BinaryPrimitives.ReadUInt32LittleEndian(span[136..]), BinaryPrimitives.ReadUInt32LittleEndian(span[140..]));
        return new PathStatus(kind, new FileIdentity(device, inode), named, size, modified, changed);
    }

    /// <summary>A <c>struct statx_timestamp</c>: seconds, then nanoseconds.</summary>
    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, byte[] buffer);
}
