using System.Runtime.InteropServices;

namespace Flashsmith.Devices;

/// <summary>
/// A buffer whose memory starts on a 4 KiB boundary and never moves, as O_DIRECT transfers need.
/// </summary>
public sealed class AlignedBuffer
{
    /// <summary>The alignment of the memory: a page, which every block device's logical block divides.</summary>
    public const int Alignment = 4096;

    private readonly byte[] pinned;

    public AlignedBuffer(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);

        // A pinned array never moves, so a window of it aligned to a page stays aligned.
        pinned = GC.AllocateUninitializedArray<byte>(size + Alignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0).ToInt64();
        var skip = (int)((Alignment - (address % Alignment)) % Alignment);
        Memory = pinned.AsMemory(skip, size);
    }

    public Memory<byte> Memory { get; }

    public Span<byte> Span => Memory.Span;
}
