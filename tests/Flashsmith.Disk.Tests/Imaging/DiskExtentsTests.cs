using Flashsmith.Disk.Imaging;

namespace Flashsmith.Disk.Tests.Imaging;

public sealed class DiskExtentsTests
{
    private static readonly IReadOnlyList<DiskExtent> Extents =
    [
        DiskExtent.Of(100, [1, 2, 3]),
        new DiskExtent(4096, DataSource.Zeros(10)),
        DiskExtent.Of(8200, [9, 9]),
    ];

    [Fact]
    public void Blocks_merge_touching_runs_and_count_zero_extents_as_data()
    {
        Assert.Equal([(0L, 2L)], DiskExtents.Blocks(Extents, 4096));
        Assert.Equal([(0L, 0L), (8L, 8L), (16L, 16L)], DiskExtents.Blocks(Extents, 512));
    }

    [Fact]
    public void Read_gives_extent_bytes_and_zeros_between_them_across_boundaries()
    {
        var buffer = new byte[8];
        DiskExtents.Read(Extents, 98, buffer);
        Assert.Equal(new byte[] { 0, 0, 1, 2, 3, 0, 0, 0 }, buffer);

        var tail = new byte[4];
        DiskExtents.Read(Extents, 8199, tail);
        Assert.Equal(new byte[] { 0, 9, 9, 0 }, tail);
    }
}
