using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Disk.Tests;

/// <summary>Writes a FAT volume on its own (no partition table) so fsck.fat and mtools can open it directly.</summary>
public static class VolumeImages
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 30, 45, TimeSpan.Zero);

    public static FatVolumeOptions Options(ByteSize size, FatType? type, string label = "TESTVOL") =>
        new("test", size, type, label, 0x1234ABCD, Epoch);

    public static FatVolumeLayout Write(FatFileSystemBuilder builder, ByteSize size, string path)
    {
        var layout = builder.Build();
        SparseImageWriter.Write(new DiskImageLayout(size, layout.Extents), path);
        return layout;
    }
}
