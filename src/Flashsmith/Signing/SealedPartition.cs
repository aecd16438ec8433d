using System.Security.Cryptography;
using Flashsmith.Disk;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Signing;

/// <summary>
/// One partition as the key seal records it: its GPT entry and, unless it is the unit partition, the
/// SHA-256 of every block of it that holds data, with its <see cref="Volatile"/> bytes as zeros. Blocks
/// count from the partition's first byte.
/// </summary>
public sealed record SealedPartition(int Index, GptEntry Entry, bool IsUnit, IReadOnlyList<SealedBlockRun> Blocks, IReadOnlyList<VolatileRange> Volatile)
{
    public string Name => Entry.Name;

    public long Offset => Entry.StartingLba * Lba.SectorSize;

    public long Size => (Entry.EndingLba - Entry.StartingLba + 1) * Lba.SectorSize;

    /// <summary>Measures a partition from its file system's extents (offsets from the partition's start).</summary>
    public static SealedPartition Measure(int index, GptEntry entry, bool isUnit, IReadOnlyList<DiskExtent> extents, int blockSize, IReadOnlyList<VolatileRange> volatileRanges)
    {
        if (isUnit)
        {
            return new SealedPartition(index, entry, true, [], []);
        }

        var size = (entry.EndingLba - entry.StartingLba + 1) * Lba.SectorSize;
        return new SealedPartition(index, entry, false, MeasureBlocks(extents, size, blockSize, volatileRanges), volatileRanges);
    }

    /// <summary>The digest of every block of <paramref name="size"/> bytes that <paramref name="extents"/> touch, volatile bytes as zeros.</summary>
    public static IReadOnlyList<SealedBlockRun> MeasureBlocks(IReadOnlyList<DiskExtent> extents, long size, int blockSize, IReadOnlyList<VolatileRange> volatileRanges)
    {
        var sorted = extents.OrderBy(e => e.Offset).ToList();
        var runs = new List<SealedBlockRun>();
        var buffer = new byte[blockSize];
        foreach (var (first, last) in DiskExtents.Blocks(sorted, blockSize))
        {
            var digests = new List<byte[]>();
            for (var block = first; block <= last; block++)
            {
                var span = buffer.AsSpan(0, (int)Math.Min(blockSize, size - (block * blockSize)));
                DiskExtents.Read(sorted, block * blockSize, span);
                VolatileRange.Clear(span, block * blockSize, volatileRanges);
                digests.Add(SHA256.HashData(span));
            }

            runs.Add(new SealedBlockRun(first, digests));
        }

        return runs;
    }
}

/// <summary>Consecutive blocks that hold data, from <see cref="First"/>, with the SHA-256 of each.</summary>
public sealed record SealedBlockRun(long First, IReadOnlyList<byte[]> Digests);
