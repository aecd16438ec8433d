using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Disk.Tests.Imaging;

public sealed class ExtentStreamTests
{
    [Fact]
    public void A_volume_read_through_its_extents_is_byte_for_byte_the_image_they_make()
    {
        var size = ByteSize.FromMiB(4);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, FatType.Fat16));
        var payload = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        builder.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromBytes(payload));
        builder.AddFile("/boot.cfg", DataSource.FromBytes("kernel=core.efi\n"u8.ToArray()));
        var extents = builder.Build().Extents.OrderBy(e => e.Offset).ToList();

        var image = new byte[size.Bytes];
        foreach (var extent in extents)
        {
            extent.Content.Read(0, image.AsSpan((int)extent.Offset, (int)extent.Content.Length));
        }

        using var view = new ExtentStream(extents, size.Bytes);
        var read = new byte[size.Bytes];
        var tail = new byte[4000];
        view.Seek(-1000, SeekOrigin.End);
        Assert.Equal(1000, view.Read(tail, 0, tail.Length));
        tail.AsSpan(0, 1000).CopyTo(read.AsSpan((int)size.Bytes - 1000));
        view.Position = 0;
        view.ReadExactly(read, 0, (int)size.Bytes - 1000);
        view.Seek(0, SeekOrigin.End);
        Assert.Equal(0, view.Read(new byte[8]));
        Assert.True(image.AsSpan().SequenceEqual(read));

        var fs = new FatFileSystem(view, 0, size.Bytes);
        Assert.Equal(payload, fs.ReadFile("/EFI/BOOT/BOOTX64.EFI"));
        Assert.Throws<NotSupportedException>(() => view.WriteByte(1));
    }
}
