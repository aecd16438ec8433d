namespace Flashsmith.Signing;

/// <summary>
/// Bytes of a partition, from its first byte, that the boot chain may rewrite (a bank's bootstate, its
/// boot.cfg's times) or that cannot cover themselves (a partition seal): they count as zeros in every
/// block digest, so that a seal holds whatever they hold. <see cref="Original"/>, when the key seal records
/// it, is what the bytes held when the image was built, so that an image a boot wrote to can be checked
/// against its whole-image seal again.
/// </summary>
public readonly record struct VolatileRange(long Offset, int Length, byte[]? Original = null)
{
    public long End => Offset + Length;

    /// <summary>Zeros the bytes of <paramref name="ranges"/> that fall into <paramref name="block"/>, which starts <paramref name="blockOffset"/> bytes into the partition.</summary>
    public static void Clear(Span<byte> block, long blockOffset, IReadOnlyList<VolatileRange> ranges)
    {
        foreach (var range in ranges)
        {
            var from = Math.Max(range.Offset, blockOffset);
            var to = Math.Min(range.End, blockOffset + block.Length);
            if (to > from)
            {
                block[(int)(from - blockOffset)..(int)(to - blockOffset)].Clear();
            }
        }
    }
}
