using System.Text;

namespace Flashsmith.Payloads;

/// <summary>
/// Writes a cpio "newc" archive, the form the Linux kernel unpacks as an initramfs, with nothing taken from the
/// host: inodes count from 1 in the order members are added, owner and group are 0, every member has the one
/// modification time given, and device numbers are 0.
/// </summary>
public sealed class CpioNewcWriter
{
    /// <summary>GNU cpio and the kernel's gen_init_cpio both end an archive on a 512-byte block; so do we.</summary>
    private const int BlockSize = 512;

    private const UnixFileMode Permissions = (UnixFileMode)0xFFF;
    private const UnixFileMode LinkPermissions = (UnixFileMode)0x1FF; // 0777

    private readonly Stream output;
    private readonly uint modifiedSeconds;
    private uint nextInode = 1;
    private long position;
    private bool finished;

    public CpioNewcWriter(Stream output, uint modifiedSeconds)
    {
        this.output = output;
        this.modifiedSeconds = modifiedSeconds;
    }

    /// <summary>
    /// A directory. Its link count is 2 (its entry in its parent, and its own '.'), as mkdir makes it; the count is
    /// not raised for subdirectories, which the kernel ignores and which would tie a directory's bytes to its children.
    /// </summary>
    public void AddDirectory(string path, UnixFileMode permissions) =>
        Add(path, CpioFileType.Directory, permissions, 2, []);

    public void AddFile(string path, UnixFileMode permissions, ReadOnlySpan<byte> data) =>
        Add(path, CpioFileType.RegularFile, permissions, 1, data);

    /// <summary>A symbolic link: its data is the target as written, without a NUL; its permissions are 0777, as Linux gives every link.</summary>
    public void AddSymbolicLink(string path, string target)
    {
        if (target.Length == 0 || target.Contains('\0'))
        {
            throw new ArgumentException($"the symbolic link {path} has an empty target or one with a NUL character", nameof(target));
        }

        Add(path, CpioFileType.SymbolicLink, LinkPermissions, 1, Encoding.UTF8.GetBytes(target));
    }

    /// <summary>Writes the TRAILER!!! member and pads the archive to a whole 512-byte block; nothing may be added after it.</summary>
    public void Finish()
    {
        // Everything but the name size and a link count of 1 is zero in the trailer, as both GNU cpio and gen_init_cpio write it.
        WriteMember(new CpioNewcHeader(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), CpioNewcHeader.TrailerName, []);
        Pad(BlockSize);
        finished = true;
    }

    private void Add(string path, CpioFileType type, UnixFileMode permissions, uint links, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (path.Length == 0 || path.Contains('\0') || path == CpioNewcHeader.TrailerName)
        {
            throw new ArgumentException($"'{path}' cannot name a cpio member: it is empty, holds a NUL character or is the trailer's name", nameof(path));
        }

        if ((permissions & ~Permissions) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(permissions), permissions, "only the twelve permission bits belong in a member's permissions");
        }

        var mode = (uint)type | (uint)permissions;
        WriteMember(new CpioNewcHeader(nextInode++, mode, 0, 0, links, modifiedSeconds, (uint)data.Length, 0, 0, 0, 0, 0, 0), path, data);
    }

    private void WriteMember(CpioNewcHeader header, string name, ReadOnlySpan<byte> data)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        Span<byte> raw = stackalloc byte[CpioNewcHeader.Size];
        (header with { NameSize = (uint)nameBytes.Length }).Write(raw);
        Write(raw);
        Write(nameBytes);
        Pad(4);
        Write(data);
        Pad(4);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        position += bytes.Length;
    }

    /// <summary>NUL bytes up to the next multiple of <paramref name="alignment"/>, counted from the archive's start.</summary>
    private void Pad(int alignment)
    {
        Span<byte> zeros = stackalloc byte[BlockSize];
        zeros.Clear();
        Write(zeros[..(int)((alignment - (position % alignment)) % alignment)]);
    }
}
