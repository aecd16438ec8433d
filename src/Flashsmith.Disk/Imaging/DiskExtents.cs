namespace Flashsmith.Disk.Imaging;

/// <summary>
/// Reading a layout's extents by blocks: which blocks they touch (what a block map lists and what a
/// device write covers) and the bytes of any range, zero between the extents.
/// </summary>
public static class DiskExtents
{
    /// <summary>The runs of <paramref name="blockSize"/>-byte blocks that <paramref name="extents"/> (in offset order) touch, inclusive.</summary>
    public static IReadOnlyList<(long First, long Last)> Blocks(IEnumerable<DiskExtent> extents, int blockSize)
    {
        var blocks = new List<(long First, long Last)>();
        foreach (var extent in extents.Where(e => e.Content.Length > 0))
        {
            var first = extent.Offset / blockSize;
            var last = (extent.End - 1) / blockSize;
            if (blocks.Count > 0 && first <= blocks[^1].Last + 1)
            {
                blocks[^1] = (blocks[^1].First, Math.Max(blocks[^1].Last, last));
            }
            else
            {
                blocks.Add((first, last));
            }
        }

        return blocks;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> with the bytes at <paramref name="offset"/>: the extents'
    /// contents where they lie, zero elsewhere. <paramref name="extents"/> must be in offset order.
    /// </summary>
    public static void Read(IReadOnlyList<DiskExtent> extents, long offset, Span<byte> buffer)
    {
        buffer.Clear();
        var end = offset + buffer.Length;
        var index = FirstEndingAfter(extents, offset);
        for (var i = index; i < extents.Count && extents[i].Offset < end; i++)
        {
            var extent = extents[i];
            var from = Math.Max(offset, extent.Offset);
            var to = Math.Min(end, extent.End);
            if (to > from)
            {
                extent.Content.Read(from - extent.Offset, buffer.Slice((int)(from - offset), (int)(to - from)));
            }
        }
    }

    /// <summary>The index of the first of <paramref name="extents"/> (in offset order) that ends after <paramref name="offset"/>; their count when none does.</summary>
    public static int FirstEndingAfter(IReadOnlyList<DiskExtent> extents, long offset)
    {
        int low = 0, high = extents.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (extents[middle].End <= offset)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
