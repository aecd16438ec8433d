using System.Runtime.InteropServices;
using System.Text;

namespace Flashsmith.Pipeline;

/// <summary>
/// Puts a finished folder in place of the old one in one step: the kernel exchanges the two names
/// (<c>renameat2</c> with <c>RENAME_EXCHANGE</c>), so a crash at any moment leaves either the whole old
/// folder or the whole new one under the final name, never neither.
/// </summary>
public static class FolderSwap
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>Moves <paramref name="ready"/> to <paramref name="final"/>; an old <paramref name="final"/> ends up at <paramref name="ready"/>'s name, to be deleted.</summary>
    /// <returns>True when an old folder was exchanged out and now sits at <paramref name="ready"/>.</returns>
    public static bool Replace(string ready, string final)
    {
        if (!Directory.Exists(final))
        {
            Directory.Move(ready, final);
            return false;
        }

        if (renameat2(AtFdCwd, Encode(ready), AtFdCwd, Encode(final), RenameExchange) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{final}'", errno);
        }

        return true;
    }

    private static byte[] Encode(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libc", SetLastError = true)]
    private static extern int renameat2(int oldDirectory, byte[] oldPath, int newDirectory, byte[] newPath, uint flags);
}
