using Flashsmith.Disk.Partitions;

namespace Flashsmith.TestSupport;

/// <summary>The outside judges of a built disk: sgdisk for its partition table, fsck.fat for each of its volumes.</summary>
public static class DiskJudges
{
    /// <summary>
    /// Asserts that <c>sgdisk -v</c> finds no problem with <paramref name="image"/> and <c>fsck.fat -n</c> none with any
    /// partition, each copied into <paramref name="folder"/>; gives the partitions' names in table order.
    /// </summary>
    public static IReadOnlyList<string> CheckTableAndVolumes(string image, string folder)
    {
        var sgdisk = ExternalTool.Run("sgdisk", "-v", image);
        Assert.True(sgdisk.ExitCode == 0 && sgdisk.All.Contains("No problems found", StringComparison.Ordinal), sgdisk.All);

        using var stream = File.OpenRead(image);
        var table = PartitionTable.Read(stream);
        foreach (var partition in table.Partitions)
        {
            var volume = Path.Combine(folder, partition.Name + ".vol");
            using (var file = File.Create(volume))
            {
                stream.Position = partition.Offset.Bytes;
                var bytes = new byte[partition.Size.Bytes];
                stream.ReadExactly(bytes);
                file.Write(bytes);
            }

            var fsck = ExternalTool.Run("fsck.fat", "-n", volume);
            Assert.True(fsck.ExitCode == 0, $"{partition.Name}: {fsck.All}");
        }

        return table.Partitions.Select(p => p.Name).ToList();
    }
}
