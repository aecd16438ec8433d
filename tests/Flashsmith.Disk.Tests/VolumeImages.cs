using System.Globalization;
using System.Text.RegularExpressions;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.TestSupport;

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

    /// <summary>The free bytes mdir counts on the volume in <paramref name="image"/> (its last line, digits grouped by spaces).</summary>
    public static long FreeBytesByMtools(string image)
    {
        var mdir = ExternalTool.Run("mdir", ["-i", image, "::"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
        Assert.True(mdir.ExitCode == 0, mdir.All);
        var free = Regex.Match(mdir.Output, @"^\s*([\d ]+) bytes free\s*$", RegexOptions.Multiline);
        Assert.True(free.Success, mdir.Output);
        return long.Parse(free.Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }
}
