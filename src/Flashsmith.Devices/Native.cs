using System.Runtime.InteropServices;

namespace Flashsmith.Devices;

/// <summary>The few Linux calls that device work needs and .NET does not offer.</summary>
internal static class Native
{
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
}
