using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Tests.Imaging;

public sealed class DiskImageBuilderTests
{
    [Fact]
    public void A_volume_formatted_for_another_start_sector_is_refused()
    {
        var volume = new FatFileSystemBuilder(new FatVolumeOptions("esp", ByteSize.FromMiB(1), FatType.Fat12, "ESP", 1, VolumeImages.Epoch, 4096)).Build();
        var disk = new DiskImageBuilder(ByteSize.FromMiB(8), PartitionStyle.Gpt, new DeterministicIds("x"), ByteSize.FromKiB(64));

        var error = Assert.Throws<DiskFormatException>(() => disk.AddPartition(new PartitionDefinition("esp", ByteSize.FromMiB(1), ByteSize.FromMiB(1), GuidPartitionTable.EfiSystemType, 0xEF), volume));

        Assert.Equal("partition 'esp' starts at sector 2048, but its file system was formatted to start at sector 4096 (the boot sector's hidden sectors)", error.Message);
    }

    [Fact]
    public void A_volume_formatted_for_its_start_sector_is_taken()
    {
        var volume = new FatFileSystemBuilder(new FatVolumeOptions("esp", ByteSize.FromMiB(1), FatType.Fat12, "ESP", 1, VolumeImages.Epoch, 2048)).Build();
        var disk = new DiskImageBuilder(ByteSize.FromMiB(8), PartitionStyle.Gpt, new DeterministicIds("x"), ByteSize.FromKiB(64));

        disk.AddPartition(new PartitionDefinition("esp", ByteSize.FromMiB(1), ByteSize.FromMiB(1), GuidPartitionTable.EfiSystemType, 0xEF), volume);

        Assert.Single(disk.Partitions);
    }
}
