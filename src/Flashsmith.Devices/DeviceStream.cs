using Flashsmith.Disk;

namespace Flashsmith.Devices;

/// <summary>
/// A read-only stream over a <see cref="DeviceFile"/> opened without O_DIRECT, with the device's real
/// length (a block device's file length reads as zero). With <paramref name="ownsDevice"/> it closes the device when disposed.
/// </summary>
public sealed class DeviceStream(DeviceFile device, bool ownsDevice = false) : PositionalReadStream
{
    public override long Length => device.Length;

    /// <summary>Opens a block device (its cached pages dropped, so the device itself is read) or a file, for reading.</summary>
    public static Stream OpenRead(string path)
    {
        if (!DeviceFile.IsBlock(path))
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }

        var device = DeviceFile.OpenRead(path);
        device.DropCache();
        return new DeviceStream(device, ownsDevice: true);
    }

    protected override int ReadAt(long offset, Span<byte> buffer) => RandomAccess.Read(device.Handle, buffer, offset);

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsDevice)
        {
            device.Dispose();
        }

        base.Dispose(disposing);
    }
}
