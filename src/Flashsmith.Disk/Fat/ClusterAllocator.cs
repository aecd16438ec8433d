using System.Buffers.Binary;

namespace Flashsmith.Disk.Fat;

/// <summary>
/// Hands out contiguous runs of clusters from cluster 2 upwards and renders the FAT that chains
/// them. Only the used part of the FAT is rendered: the rest of a fresh image is already zero.
/// </summary>
internal sealed class ClusterAllocator(FatGeometry geometry, string volumeName)
{
    private readonly List<(uint First, uint Count)> runs = [];

    public long Next { get; private set; } = 2;

    public long Used => Next - 2;

    public long AllocatedBytes(long bytes) => Clusters(bytes) * geometry.ClusterSize;

    /// <summary>Allocates enough clusters for <paramref name="bytes"/> (at least one) and returns the first.</summary>
    public uint Allocate(long bytes, string path)
    {
        var count = Math.Max(1, Clusters(bytes));
        var free = geometry.ClusterCount - Used;
        if (count > free)
        {
            var needed = new ByteSize(count * geometry.ClusterSize);
            var left = new ByteSize(free * geometry.ClusterSize);
            throw new VolumeFullException($"partition '{volumeName}': '{path}' needs {needed} but only {left} are free");
        }

        var first = (uint)Next;
        runs.Add((first, (uint)count));
        Next += count;
        return first;
    }

    public byte[] FatBytes()
    {
        var entries = Next;
        var length = geometry.Type switch
        {
            FatType.Fat12 => ((entries * 3) + 1) / 2,
            FatType.Fat16 => entries * 2,
            _ => entries * 4,
        };
        var fat = new byte[(length + FatGeometry.SectorSize - 1) / FatGeometry.SectorSize * FatGeometry.SectorSize];
        var endOfChain = geometry.Type switch { FatType.Fat12 => 0xFFFu, FatType.Fat16 => 0xFFFFu, _ => 0x0FFFFFFFu };
        Set(fat, 0, (endOfChain & 0xFFFFFF00u) | 0xF8);
        Set(fat, 1, endOfChain);
        foreach (var (first, count) in runs)
        {
            for (var i = 0u; i < count; i++)
            {
                Set(fat, first + i, i == count - 1 ? endOfChain : first + i + 1);
            }
        }

        return fat;
    }

    private long Clusters(long bytes) => (bytes + geometry.ClusterSize - 1) / geometry.ClusterSize;

    private void Set(byte[] fat, long cluster, uint value)
    {
        switch (geometry.Type)
        {
            case FatType.Fat12:
                var offset = (int)(cluster + (cluster / 2));
                if ((cluster & 1) == 0)
                {
                    fat[offset] = (byte)value;
                    fat[offset + 1] = (byte)((fat[offset + 1] & 0xF0u) | ((value >> 8) & 0x0Fu));
                }
                else
                {
                    fat[offset] = (byte)((fat[offset] & 0x0Fu) | ((value << 4) & 0xF0u));
                    fat[offset + 1] = (byte)(value >> 4);
                }

                break;
            case FatType.Fat16:
                BinaryPrimitives.WriteUInt16LittleEndian(fat.AsSpan((int)(cluster * 2)), (ushort)value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(fat.AsSpan((int)(cluster * 4)), value);
                break;
        }
    }
}
