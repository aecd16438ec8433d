namespace Flashsmith.Fuzz.Tests;

/// <summary>The disk inputs: an image written as a sparse input reads back byte for byte, and any bytes make a disk.</summary>
public sealed class SparseDiskTests
{
    [Fact]
    public void An_image_reads_back_as_written()
    {
        var image = new byte[64 * 1024];
        image[0] = 0xEB;
        image.AsSpan(510, 2).Fill(0x55);
        image.AsSpan(20000, 3000).Fill(7);
        image[^1] = 9;
        var disk = SparseDisk.Read(SparseDisk.Write(image));
        Assert.Equal(image.Length, disk.Size);
        using var stream = disk.OpenRead();
        var back = new byte[image.Length];
        stream.ReadExactly(back);
        Assert.Equal(image, back);
        Assert.Equal(3, disk.Pieces.Count);
    }

    [Fact]
    public void Pieces_past_the_end_are_cut_and_sizes_clamped()
    {
        // 0xFFFFFFFF sectors (clamped to the largest disk), a piece at the last byte, and one past the end.
        byte[] input = [0xFF, 0xFF, 0xFF, 0xFF, .. BitConverter.GetBytes((uint)(SparseDisk.MaxSize - 1)), 4, 0, 0, 0, 1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 5];
        var disk = SparseDisk.Read(input);
        Assert.Equal(SparseDisk.MaxSize, disk.Size);
        Assert.Equal([1], disk.Pieces.Single().Bytes);
        Assert.Equal(SparseDisk.SectorSize, SparseDisk.Read([]).Size);
    }

    [Fact]
    public void The_disk_is_written_as_a_file_of_its_size()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sparse-{Guid.NewGuid():N}.img");
        try
        {
            var image = new byte[8192];
            image[4096] = 1;
            SparseDisk.Read(SparseDisk.Write(image)).WriteFile(path);
            Assert.Equal(image, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
