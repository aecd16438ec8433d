using Flashsmith.Disk.Fat;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Fat;

/// <summary>
/// A volume's extents are all a device needs: written over old data (every byte 0xFF or random), with
/// nothing else zeroed first, they still give a clean file system. That is what writing only the mapped
/// blocks of an image to a used key relies on.
/// </summary>
public sealed class FatOnUsedDeviceTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(FatType.Fat12, 3, 0xFF)]
    [InlineData(FatType.Fat16, 12, 0xFF)]
    [InlineData(FatType.Fat16, 12, -1)]
    [InlineData(FatType.Fat32, 40, 0xFF)]
    [InlineData(FatType.Fat32, 40, -1)]
    public void Extents_written_over_old_data_give_a_clean_volume(FatType type, int mib, int fill)
    {
        var size = ByteSize.FromMiB(mib);
        var tree = new SampleTree(11, 30, 20_000, maxDepth: 3);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, type));
        tree.AddTo(builder);
        var layout = builder.Build();
        var image = temp.File("used.img");
        var old = new byte[size.Bytes];
        if (fill < 0)
        {
            new Random(5).NextBytes(old);
        }
        else
        {
            Array.Fill(old, (byte)fill);
        }

        File.WriteAllBytes(image, old);
        using (var device = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            foreach (var extent in layout.Extents)
            {
                device.Position = extent.Offset;
                extent.Content.CopyTo(device);
            }
        }

        var fsck = ExternalTool.Run("fsck.fat", "-n", "-v", image);
        Assert.True(fsck.ExitCode == 0, fsck.All);
        Assert.DoesNotContain("Free cluster summary wrong", fsck.All, StringComparison.Ordinal);
        var mdir = ExternalTool.Run("mdir", "-/", "-b", "-i", image, "::");
        Assert.True(mdir.ExitCode == 0, mdir.All);
        using var stream = File.OpenRead(image);
        var fs = new FatFileSystem(stream, 0, stream.Length);
        var read = fs.Walk().Where(e => !e.Item.IsDirectory).ToDictionary(e => e.Path, e => fs.ReadFile(e.Path));
        Assert.Equal(tree.Files.Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        Assert.All(tree.Files, f => Assert.Equal(f.Value, read[f.Key]));
        var free = VolumeImages.FreeBytesByMtools(image);
        Assert.Equal(free, layout.FreeBytes);
        Assert.Equal(free, fs.FreeBytes);
    }
}
