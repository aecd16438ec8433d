using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Benchmarks;

/// <summary>
/// The benchmark layout: a flash of the given size with esp (4 MiB), bootbank and altbootbank
/// (12 MiB each) and unit (the rest); the content folder's files are shared between the two banks.
/// </summary>
public static class SampleLayout
{
    public static void Build(ByteSize flash, string contentFolder, string output)
    {
        var ids = new DeterministicIds("benchmark");
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var disk = new DiskImageBuilder(flash, PartitionStyle.Gpt, ids, ByteSize.FromKiB(64));
        var files = Directory.EnumerateFiles(contentFolder).Order(StringComparer.Ordinal).ToList();
        var mib = ByteSize.MiB;
        var unitStart = 28 * mib + (64 * 1024);
        var unitEnd = (flash.Bytes - (33 * 512)) / (64 * 1024) * (64 * 1024);
        var partitions = new (string Name, long Offset, long Size, Guid Type, FatType? Fat, IEnumerable<string> Files)[]
        {
            ("esp", 64 * 1024, 4 * mib, GuidPartitionTable.EfiSystemType, FatType.Fat16, files.Take(1)),
            ("bootbank", 4 * mib + (64 * 1024), 12 * mib, GuidPartitionTable.BasicDataType, FatType.Fat16, files.Skip(1).Where((_, i) => i % 2 == 0)),
            ("altbootbank", 16 * mib + (64 * 1024), 12 * mib, GuidPartitionTable.BasicDataType, FatType.Fat16, files.Skip(1).Where((_, i) => i % 2 == 1)),
            ("unit", unitStart, unitEnd - unitStart, GuidPartitionTable.BasicDataType, null, []),
        };
        foreach (var p in partitions)
        {
            var fat = new FatFileSystemBuilder(new FatVolumeOptions(p.Name, new ByteSize(p.Size), p.Fat, p.Name.ToUpperInvariant(), ids.NumberFor(p.Name), epoch, (uint)(p.Offset / 512)));
            foreach (var file in p.Files)
            {
                fat.AddFile("/" + Path.GetFileName(file), DataSource.FromFile(file));
            }

            disk.AddPartition(new PartitionDefinition(p.Name, new ByteSize(p.Offset), new ByteSize(p.Size), p.Type, 0x0C), fat.Build());
        }

        var layout = disk.Build();
        File.Delete(output);
        SparseImageWriter.Write(layout, output);
        using var image = File.OpenRead(output);
        File.WriteAllText(output + ".bmap", BlockMap.Create(layout, image).ToXml());
    }
}
