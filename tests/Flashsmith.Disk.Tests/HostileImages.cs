using System.Buffers.Binary;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Tests;

/// <summary>A small GPT disk (FAT12 and FAT16 volumes) kept in memory, and ways to damage it precisely.</summary>
public sealed class HostileImages
{
    public const long DiskSize = 6 * ByteSize.MiB;
    public const long BankOffset = 2 * ByteSize.MiB;

    public HostileImages()
    {
        var ids = new DeterministicIds("hostile");
        var disk = new DiskImageBuilder(new ByteSize(DiskSize), PartitionStyle.Gpt, ids, ByteSize.FromKiB(64));
        var esp = new FatFileSystemBuilder(new FatVolumeOptions("esp", ByteSize.FromMiB(1), FatType.Fat12, "ESP", 1, VolumeImages.Epoch, 2048));
        esp.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromBytes(new byte[3000]));
        var bank = new FatFileSystemBuilder(new FatVolumeOptions("bootbank", ByteSize.FromMiB(3), FatType.Fat16, "BOOTBANK", 2, VolumeImages.Epoch, 4096));
        bank.AddFile("/a/b/c.txt", DataSource.FromBytes("hello"u8.ToArray()));
        bank.AddFile("/file.bin", DataSource.FromBytes(Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray()));
        Bank = bank.Build();
        disk.AddPartition(new PartitionDefinition("esp", ByteSize.FromMiB(1), ByteSize.FromMiB(1), GuidPartitionTable.EfiSystemType, 0xEF), esp.Build());
        disk.AddPartition(new PartitionDefinition("bootbank", new ByteSize(BankOffset), ByteSize.FromMiB(3), GuidPartitionTable.BasicDataType, 0x0C), Bank);
        using var memory = new MemoryStream();
        SparseImageWriter.Write(disk.Build(), memory);
        Bytes = memory.ToArray();
    }

    public byte[] Bytes { get; }

    public FatVolumeLayout Bank { get; }

    public FatFilePlacement Placement(string path) => Bank.Placements.Single(p => p.Path == path);

    /// <summary>The disk offset of the FAT16 entry of <paramref name="cluster"/> in the bank's first FAT.</summary>
    public long FatEntryOffset(long cluster) => BankOffset + (Bank.Geometry.FirstFatSector * 512) + (cluster * 2);

    public void SetFat16(byte[] image, long cluster, ushort value)
    {
        for (var copy = 0; copy < 2; copy++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan((int)(FatEntryOffset(cluster) + (copy * Bank.Geometry.FatSectors * 512))), value);
        }
    }

    /// <summary>The disk offset of the short entry for <paramref name="shortName"/> in the directory at <paramref name="dirCluster"/> (0: the root).</summary>
    public long EntryOffset(byte[] image, uint dirCluster, string shortName)
    {
        var start = BankOffset + (dirCluster == 0 ? Bank.Geometry.RootDirSector * 512 : Bank.Geometry.ClusterOffset(dirCluster));
        var packed = FatNames.Pack(shortName);
        for (var i = 0; i < Bank.Geometry.ClusterSize / 32; i++)
        {
            var at = start + (i * 32);
            if (image.AsSpan((int)at, 11).SequenceEqual(packed))
            {
                return at;
            }
        }

        throw new InvalidOperationException($"no entry {shortName}");
    }
}
