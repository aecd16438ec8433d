using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Flashsmith.Provisioning;

/// <summary>The few Linux calls that device work needs and .NET does not offer.</summary>
internal static class Native
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const ushort TypeMask = 0xF000;
    private const ushort BlockType = 0x6000;
    private const ushort RegularType = 0x8000;

    [DllImport("libc", SetLastError = true)]
    public static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int ioctl(int fd, ulong request, ref ulong value);

    [DllImport("libc", SetLastError = true)]
    public static extern int ioctl(int fd, ulong request, ref int value);

    [DllImport("libc", SetLastError = true)]
    public static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_fadvise(int fd, long offset, long length, int advice);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    /// <summary>What stat says of a path (after symbolic links): its type, the device it names or lives on, its inode.</summary>
    public readonly record struct FileIdentity(bool IsBlockDevice, bool IsRegularFile, uint RdevMajor, uint RdevMinor, uint DevMajor, uint DevMinor, ulong Inode);

    public static FileIdentity? Stat(string path)
    {
        var buffer = new byte[256];
        if (statx(AtFdCwd, Encoding.UTF8.GetBytes(path + "\0"), 0, StatxType | StatxIno, buffer) != 0)
        {
            return null;
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        return new FileIdentity(
            (mode & TypeMask) == BlockType,
            (mode & TypeMask) == RegularType,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(128)),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(132)),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(136)),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(140)),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32)));
    }

    public static bool IsBlockDevice(string path) => Stat(path) is { IsBlockDevice: true };
}

/// <summary>The error numbers device work tells apart, and their text.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EIO = 5;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
