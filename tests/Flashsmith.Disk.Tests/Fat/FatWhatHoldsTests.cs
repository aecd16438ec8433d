using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Disk.Tests.Fat;

/// <summary>Every byte of a volume is named by what holds it, as verify reports a changed byte.</summary>
public sealed class FatWhatHoldsTests
{
    [Theory]
    [InlineData(FatType.Fat16, 12)]
    [InlineData(FatType.Fat32, 40)]
    public void Each_region_and_file_is_named(FatType type, int mib)
    {
        var size = ByteSize.FromMiB(mib);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, type));
        builder.AddFile("/boot.cfg", DataSource.FromBytes(new byte[100]));
        builder.AddFile("/drivers/e1000.efi", DataSource.FromBytes(new byte[9000]));
        var layout = builder.Build();
        using var image = new MemoryStream();
        SparseImageWriter.Write(new DiskImageLayout(size, layout.Extents), image);
        var fs = new FatFileSystem(image, 0, image.Length);
        var b = fs.BootSector;
        var fatStart = (long)b.ReservedSectors * 512;

        Assert.Equal("the boot sector", fs.WhatHolds(10));
        Assert.Equal("FAT 1", fs.WhatHolds(fatStart + 3));
        Assert.Equal("FAT 2", fs.WhatHolds(fatStart + (b.FatSectors * 512L) + 3));
        Assert.Equal("/boot.cfg", fs.WhatHolds(fs.DataOffset(fs.Find("/boot.cfg")!.FirstCluster) + 5));
        Assert.Equal("/drivers/e1000.efi", fs.WhatHolds(fs.DataOffset(fs.Find("/drivers/e1000.efi")!.FirstCluster) + 8999));
        Assert.Equal("the directory /drivers", fs.WhatHolds(fs.DataOffset(fs.Find("/drivers")!.FirstCluster)));
        Assert.Equal("the root directory", fs.WhatHolds(type == FatType.Fat32 ? fs.DataOffset(b.RootCluster) : fs.FirstDataSector * 512 - 1));
        Assert.StartsWith("free space (cluster ", fs.WhatHolds(size.Bytes - 1), StringComparison.Ordinal);
        if (type == FatType.Fat32)
        {
            Assert.Equal("the reserved sectors", fs.WhatHolds(6 * 512));
        }
    }
}
