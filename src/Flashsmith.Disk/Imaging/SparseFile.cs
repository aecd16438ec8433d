using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Flashsmith.Disk.Imaging;

/// <summary>Where a sparse file holds data: holes read as zeros without being stored, and need not be read to be known.</summary>
public static class SparseFile
{
    private const int SeekData = 3;
    private const int NoSuchData = 6; // ENXIO: no data at or after the offset

    /// <summary>
    /// The offset of the first byte at or after <paramref name="offset"/> that the file system stores (not a hole),
    /// <see cref="long.MaxValue"/> when there is none, or <paramref name="offset"/> itself when the file system cannot say.
    /// </summary>
    public static long NextData(SafeFileHandle file, long offset)
    {
        if (!OperatingSystem.IsLinux())
        {
            return offset;
        }

        var found = lseek(file, offset, SeekData);
        if (found >= 0)
        {
            return found;
        }

        return Marshal.GetLastPInvokeError() == NoSuchData ? long.MaxValue : offset;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long lseek(SafeFileHandle fd, long offset, int whence);
}
