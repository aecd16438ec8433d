using Flashsmith.Disk.Imaging;

namespace Flashsmith.Disk.Tests.Imaging;

public sealed class DiskImageLayoutTests
{
    // Three mebibytes, so that the comparison crosses its one-mebibyte chunks; data on both sides of a boundary.
    private static readonly DiskImageLayout Layout = new(ByteSize.FromMiB(3), [DiskExtent.Of(100, [1, 2, 3]), DiskExtent.Of((1 << 20) - 2, [7, 7, 7, 7]), DiskExtent.Of((3 << 20) - 1, [5])]);

    private static byte[] Written()
    {
        using var image = new MemoryStream();
        SparseImageWriter.Write(Layout, image);
        return image.ToArray();
    }

    [Fact]
    public void The_written_image_reads_back_with_no_difference_and_hashes_as_the_layout()
    {
        var bytes = Written();

        Assert.Null(Layout.FirstDifference(new MemoryStream(bytes)));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes), Layout.Sha256());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(101L)]
    [InlineData((1L << 20) + 1)]
    [InlineData((2L << 20) + 12345)]
    [InlineData((3L << 20) - 1)]
    public void A_changed_byte_is_found_where_it_is(long offset)
    {
        var bytes = Written();
        bytes[offset] ^= 0x40;

        Assert.Equal(offset, Layout.FirstDifference(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_short_or_long_image_differs_where_it_stops_matching()
    {
        var bytes = Written();

        Assert.Equal((2L << 20) + 7, Layout.FirstDifference(new MemoryStream(bytes[..((2 << 20) + 7)])));
        Assert.Equal(3L << 20, Layout.FirstDifference(new MemoryStream([.. bytes, 0])));
    }

    [Theory]
    [InlineData(101L)]
    [InlineData((2L << 20) + 12345)]
    public void A_sparse_file_skips_its_holes_yet_a_byte_written_into_one_is_found(long offset)
    {
        var path = Path.Combine(Path.GetTempPath(), $"layout-{Guid.NewGuid():N}.img");
        try
        {
            SparseImageWriter.Write(Layout, path);
            using (var clean = File.OpenRead(path))
            {
                Assert.Null(Layout.FirstDifference(clean));
            }

            using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            {
                file.Position = offset;
                file.WriteByte((byte)(Written()[offset] ^ 0x11));
            }

            using var changed = File.OpenRead(path);
            Assert.Equal(offset, Layout.FirstDifference(changed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Holes_are_found_by_the_file_system_of_the_temporary_folder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"holes-{Guid.NewGuid():N}.img");
        try
        {
            SparseImageWriter.Write(Layout, path);
            using var file = File.OpenRead(path);

            // Data in the first 4 KiB block, then nothing stored until the block of the extent that straddles the first mebibyte.
            Assert.Equal(0, SparseFile.NextData(file.SafeFileHandle, 0));
            Assert.Equal((1 << 20) - 4096, SparseFile.NextData(file.SafeFileHandle, 8192));
            Assert.Equal((3 << 20) - 4096, SparseFile.NextData(file.SafeFileHandle, (1 << 20) + 8192));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
