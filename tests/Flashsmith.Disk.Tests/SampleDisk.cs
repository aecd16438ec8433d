using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Tests;

/// <summary>The four-partition 32 MiB layout of an embedded-hypervisor flash, with a few files.</summary>
public static class SampleDisk
{
    public static DiskImageLayout Build(string seed = "thinvisor 1.0.0 test", PartitionStyle style = PartitionStyle.Gpt)
    {
        var ids = new DeterministicIds(seed);
        var disk = new DiskImageBuilder(ByteSize.FromMiB(32), style, ids, ByteSize.FromKiB(64));
        var mib = ByteSize.MiB;
        var parts = new (string Name, long Offset, long Size, Guid Type, byte Mbr, FatType? Fat)[]
        {
            ("esp", 1 * mib, 4 * mib, GuidPartitionTable.EfiSystemType, 0xEF, FatType.Fat16),
            ("bootbank", 5 * mib, 12 * mib, GuidPartitionTable.BasicDataType, 0x0C, FatType.Fat16),
            ("altbootbank", 17 * mib, 12 * mib, GuidPartitionTable.BasicDataType, 0x0C, FatType.Fat16),
            ("unit", 29 * mib, 2 * mib, GuidPartitionTable.BasicDataType, 0x0C, null),
        };
        foreach (var p in parts)
        {
            var fat = new FatFileSystemBuilder(new FatVolumeOptions(p.Name, new ByteSize(p.Size), p.Fat, p.Name.ToUpperInvariant()[..Math.Min(11, p.Name.Length)], ids.NumberFor("serial:" + p.Name), VolumeImages.Epoch, (uint)(p.Offset / 512)));
            if (p.Name == "esp")
            {
                fat.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromBytes(Enumerable.Range(0, 20000).Select(i => (byte)(i * 7)).ToArray()));
            }

            if (p.Name == "bootbank")
            {
                fat.AddFile("/boot.cfg", DataSource.FromBytes("bootstate=0\nmodules=e1000.efi\n"u8.ToArray()));
                fat.AddFile("/e1000.efi", DataSource.FromBytes(new byte[70000]));
            }

            disk.AddPartition(new PartitionDefinition(p.Name, new ByteSize(p.Offset), new ByteSize(p.Size), p.Type, p.Mbr, p.Name == "esp"), fat.Build());
        }

        return disk.Build();
    }
}
