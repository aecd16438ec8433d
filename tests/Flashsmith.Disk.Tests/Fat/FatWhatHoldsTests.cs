using System.Globalization;
using System.Text.RegularExpressions;
using Flashsmith.Disk.Fat;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Fat;

/// <summary>
/// Every byte of a volume is named by what holds it, as verify reports a changed byte. Where each region and
/// file lies is what fsck.fat and mshowfat say, not what our own reader makes of the boot sector and directories.
/// </summary>
public sealed class FatWhatHoldsTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(FatType.Fat16, 12)]
    [InlineData(FatType.Fat32, 40)]
    public void Each_region_and_file_is_named(FatType type, int mib)
    {
        var size = ByteSize.FromMiB(mib);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, type));
        builder.AddFile("/boot.cfg", DataSource.FromBytes(new byte[100]));
        builder.AddFile("/drivers/e1000.efi", DataSource.FromBytes(new byte[9000]));
        var image = temp.File("vol.img");
        VolumeImages.Write(builder, size, image);
        var fsck = ExternalTool.Check("fsck.fat", "-n", "-v", image).Output;
        var fatStart = Number(fsck, @"First FAT starts at byte (\d+)");
        var fatBytes = Number(fsck, @"(\d+) bytes per FAT");
        var dataStart = Number(fsck, @"Data area starts at byte (\d+)");
        var clusterBytes = Number(fsck, @"(\d+) bytes per cluster");
        long DataOffset(long cluster) => dataStart + ((cluster - 2) * clusterBytes);
        using var stream = File.OpenRead(image);
        var fs = new FatFileSystem(stream, 0, stream.Length);

        Assert.Equal("the boot sector", fs.WhatHolds(10));
        Assert.Equal("FAT 1", fs.WhatHolds(fatStart + 3));
        Assert.Equal("FAT 1", fs.WhatHolds(fatStart + fatBytes - 1));
        Assert.Equal("FAT 2", fs.WhatHolds(fatStart + fatBytes + 3));
        Assert.Equal("/boot.cfg", fs.WhatHolds(DataOffset(FirstCluster(image, "/boot.cfg")) + 5));
        Assert.Equal("/drivers/e1000.efi", fs.WhatHolds(DataOffset(FirstCluster(image, "/drivers/e1000.efi")) + 8999));
        Assert.Equal("the directory /drivers", fs.WhatHolds(DataOffset(FirstCluster(image, "/drivers"))));
        if (type == FatType.Fat32)
        {
            Assert.Equal("the root directory", fs.WhatHolds(DataOffset(Number(fsck, @"Root directory start at cluster (\d+)"))));
            Assert.Equal("the reserved sectors", fs.WhatHolds(6 * 512));
        }
        else
        {
            Assert.Equal("the root directory", fs.WhatHolds(Number(fsck, @"Root directory starts at byte (\d+)")));
            Assert.Equal("the root directory", fs.WhatHolds(dataStart - 1));
        }

        Assert.StartsWith("free space (cluster ", fs.WhatHolds(size.Bytes - 1), StringComparison.Ordinal);
    }

    private static long Number(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"no '{pattern}' in:\n{text}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The first cluster mshowfat lists for <paramref name="path"/> ("::/boot.cfg &lt;5-6&gt;").</summary>
    private static long FirstCluster(string image, string path) =>
        Number(ExternalTool.Run("mshowfat", ["-i", image, "::" + path], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" }).Output, @"<(\d+)");
}
