namespace Flashsmith.Provisioning;

/// <summary>
/// A read-only stream over a <see cref="DeviceFile"/> opened without O_DIRECT, with the device's real
/// length (a block device's file length reads as zero). With <paramref name="ownsDevice"/> it closes the device when disposed.
/// </summary>
public sealed class DeviceStream(DeviceFile device, bool ownsDevice = false) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => device.Length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Max(0, Math.Min(buffer.Length, device.Length - position));
        if (count == 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(device.Handle, buffer[..count], position);
        position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => device.Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsDevice)
        {
            device.Dispose();
        }

        base.Dispose(disposing);
    }
}
