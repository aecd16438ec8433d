using System.Runtime.InteropServices;
using System.Text;
using Flashsmith.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Flashsmith.Devices;

/// <summary>
/// A block device or a file standing in for one, opened the way a key is written: exclusively
/// (<c>O_EXCL</c>: the kernel refuses a device that is mounted or held open exclusively), and with
/// <c>O_DIRECT</c> where the device takes it, so reads come from the device, not the page cache.
/// </summary>
public sealed class DeviceFile : IDisposable
{
    private DeviceFile(string path, SafeFileHandle handle, long length, int logicalBlockSize, bool isBlockDevice, bool direct)
    {
        Path = path;
        Handle = handle;
        Length = length;
        LogicalBlockSize = logicalBlockSize;
        IsBlockDevice = isBlockDevice;
        Direct = direct;
    }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>The size in bytes: the device's (from the kernel) or the file's.</summary>
    public long Length { get; }

    /// <summary>The smallest unit a direct transfer may have: its offsets, lengths and buffers align to it.</summary>
    public int LogicalBlockSize { get; }

    public bool IsBlockDevice { get; }

    /// <summary>True when opened with O_DIRECT.</summary>
    public bool Direct { get; }

    /// <summary>Opens for reading; a block device with O_DIRECT when it takes it.</summary>
    public static DeviceFile OpenRead(string path, bool direct = false) => Open(path, writable: false, exclusive: false, direct);

    /// <summary>Opens for writing with O_EXCL, and O_DIRECT when the device takes it (else without).</summary>
    public static DeviceFile OpenForWriting(string path, bool direct = true) => Open(path, writable: true, exclusive: true, direct);

    private static DeviceFile Open(string path, bool writable, bool exclusive, bool direct)
    {
        var flags = (writable ? Flags.ReadWrite : Flags.ReadOnly) | Flags.CloseOnExec;
        var isBlock = IsBlock(path);
        if (exclusive && isBlock)
        {
            flags |= Flags.Exclusive;
        }

        var fd = -1;
        var usedDirect = false;
        if (direct)
        {
            fd = Native.open(Encode(path), flags | Flags.Direct, 0);
            usedDirect = fd >= 0;
            if (fd < 0 && Marshal.GetLastPInvokeError() != Errno.EINVAL)
            {
                throw Failure(path, writable, Marshal.GetLastPInvokeError());
            }
        }

        if (fd < 0)
        {
            fd = Native.open(Encode(path), flags, 0);
            if (fd < 0)
            {
                throw Failure(path, writable, Marshal.GetLastPInvokeError());
            }
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            long length;
            var blockSize = 512;
            if (isBlock)
            {
                ulong bytes = 0;
                if (Native.ioctl(fd, Ioctl.BlkGetSize64, ref bytes) != 0)
                {
                    throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{path}: cannot read the device's size: {Errno.Describe(Marshal.GetLastPInvokeError())}");
                }

                var sector = 0;
                if (Native.ioctl(fd, Ioctl.BlkSszGet, ref sector) == 0 && sector > 0)
                {
                    blockSize = sector;
                }

                length = (long)bytes;
            }
            else
            {
                length = RandomAccess.GetLength(handle);
                blockSize = usedDirect ? 4096 : 512;
            }

            return new DeviceFile(path, handle, length, blockSize, isBlock, usedDirect);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="path"/> (after symbolic links) is a block device.</summary>
    public static bool IsBlock(string path) => PathStatus.Of(path) is { Kind: PathKind.BlockDevice };

    /// <summary>Writes every byte of <paramref name="data"/> at <paramref name="offset"/>; an OS error is a <see cref="DeviceFailedException"/> naming the device and offset.</summary>
    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        try
        {
            RandomAccess.Write(Handle, data, offset);
        }
        catch (IOException ex)
        {
            throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{Path}: the write of {data.Length} bytes at {Offset(offset)} failed: {ex.Message}");
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length at <paramref name="offset"/>.</summary>
    public void Read(Span<byte> buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            int read;
            try
            {
                read = RandomAccess.Read(Handle, buffer[done..], offset + done);
            }
            catch (IOException ex)
            {
                throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{Path}: the read of {buffer.Length} bytes at {Offset(offset)} failed: {ex.Message}");
            }

            if (read == 0)
            {
                throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{Path}: the device ended at {Offset(offset + done)}, before the {buffer.Length} bytes at {Offset(offset)} could be read");
            }

            done += read;
        }
    }

    /// <summary>Waits until everything written is on the device (fsync); a failure names the device.</summary>
    public void Flush()
    {
        if (Native.fsync((int)Handle.DangerousGetHandle()) != 0)
        {
            throw new DeviceFailedException(DiagnosticCodes.DeviceFailed, $"{Path}: flushing the writes to the device failed: {Errno.Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Drops the device's cached pages, so that the next reads come from the device itself.</summary>
    public void DropCache()
    {
        var fd = (int)Handle.DangerousGetHandle();
        if (IsBlockDevice)
        {
            var unused = 0;
            _ = Native.ioctl(fd, Ioctl.BlkFlsBuf, ref unused);
        }

        _ = Native.posix_fadvise(fd, 0, 0, 4 /* POSIX_FADV_DONTNEED */);
    }

    /// <summary>Asks the kernel to read the new partition table of a block device, so its partitions appear; a file has none.</summary>
    public void RereadPartitions()
    {
        if (IsBlockDevice)
        {
            var unused = 0;
            _ = Native.ioctl((int)Handle.DangerousGetHandle(), Ioctl.BlkRrPart, ref unused);
        }
    }

    public void Dispose() => Handle.Dispose();

    private static string Offset(long offset) => $"0x{offset:X8} ({offset})";

    private static byte[] Encode(string path) => Encoding.UTF8.GetBytes(path + "\0");

    private static DeviceFailedException Failure(string path, bool writable, int errno) => new(DiagnosticCodes.DeviceFailed, errno switch
    {
        Errno.EBUSY => $"{path} is busy: it is mounted or another program holds it open; unmount it and close what uses it",
        Errno.EROFS or Errno.EACCES or Errno.EPERM when writable => $"{path} cannot be opened for writing ({Errno.Describe(errno)}): it is read-only or you lack the permission",
        Errno.ENOENT => $"{path} does not exist",
        _ => $"{path} cannot be opened: {Errno.Describe(errno)}",
    });

    private static class Flags
    {
        public const int ReadOnly = 0;
        public const int ReadWrite = 2;
        public const int Exclusive = 0x80;
        public const int CloseOnExec = 0x80000;

        public static int Direct => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;
    }

    private static class Ioctl
    {
        public const ulong BlkGetSize64 = 0x80081272;
        public const ulong BlkSszGet = 0x1268;
        public const ulong BlkFlsBuf = 0x1261;
        public const ulong BlkRrPart = 0x125F;
    }
}
