using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// Lays out the image with Flashsmith.Disk: a FAT volume per formatted partition holding its packed
/// files, and the partition table. GUIDs and serials come from the product, version and target. The
/// unit partition is laid out last: it holds the key seal, signed over every other partition.
/// </summary>
public static class AssembleStage
{
    public static AssembleOutput Run(AssembleInput input)
    {
        var plan = input.Plan;
        var ids = Seed(plan);
        var layout = plan.Layout;
        var style = layout.Table == PartitionTableKind.Gpt ? PartitionStyle.Gpt : PartitionStyle.Mbr;
        var volumes = new Dictionary<string, FatVolumeLayout>(StringComparer.Ordinal);
        var definitions = layout.Partitions
            .Select(p => new PartitionDefinition(p.Name, p.Offset, p.Size, p.Type.GptType, p.Type.MbrType, p.Contents == PartitionContents.Core))
            .ToList();
        try
        {
            foreach (var partition in layout.Partitions.Where(p => p.FileSystem != FileSystemKind.None && p.Contents != PartitionContents.Unit))
            {
                volumes[partition.Name] = Format(plan, ids, partition, input.Pack.Files.Where(f => f.Partition == partition.Name).Select(f => (f.Path, DataSource.FromBytes(f.Bytes))));
            }

            foreach (var unit in layout.Partitions.Where(p => p.Contents == PartitionContents.Unit))
            {
                var files = style == PartitionStyle.Gpt
                    ? [("/" + KeySealStatement.FileName, DataSource.FromBytes(input.Signatures.KeySeal(Statement(plan, ids, definitions, volumes))))]
                    : Array.Empty<(string, DataSource)>();
                volumes[unit.Name] = Format(plan, ids, unit, files);
            }

            var disk = new DiskImageBuilder(layout.FlashSize, style, ids, layout.Alignment);
            for (var i = 0; i < definitions.Count; i++)
            {
                disk.AddPartition(definitions[i], volumes.GetValueOrDefault(definitions[i].Name));
            }

            return new AssembleOutput(disk.Build(), volumes);
        }
        catch (VolumeFullException ex)
        {
            throw new Budget.BudgetExceededException(plan.Target, [ex.Message]);
        }
        catch (DiskFormatException ex)
        {
            throw new BadInputException($"{plan.Target}: {ex.Message}");
        }
    }

    /// <summary>The seed of every GUID and serial: the same product, version and target give the same disk.</summary>
    public static DeterministicIds Seed(BuildPlan plan) => new($"{plan.Product}\n{plan.Version}\n{plan.Target}");

    private static FatVolumeLayout Format(BuildPlan plan, DeterministicIds ids, PlannedPartition partition, IEnumerable<(string Path, DataSource Content)> files)
    {
        var fat = new FatFileSystemBuilder(new FatVolumeOptions(
            partition.Name,
            partition.Size,
            FatTypeOf(partition.FileSystem),
            partition.Label,
            ids.NumberFor("serial:" + partition.Name),
            plan.Epoch.Time,
            (uint)Lba.FromOffset(partition.Offset).Value));
        foreach (var (path, content) in files)
        {
            fat.AddFile(path, content);
        }

        return fat.Build();
    }

    /// <summary>What the key seal signs: every partition's table entry, and the data blocks of all but the unit partition.</summary>
    private static KeySealStatement Statement(BuildPlan plan, DeterministicIds ids, IReadOnlyList<PartitionDefinition> definitions, IReadOnlyDictionary<string, FatVolumeLayout> volumes)
    {
        var entries = GuidPartitionTable.EntriesFor(definitions, ids);
        var partitions = plan.Layout.Partitions.Select((p, i) => SealedPartition.Measure(
            i + 1,
            entries[i],
            p.Contents == PartitionContents.Unit,
            volumes.TryGetValue(p.Name, out var volume) ? volume.Extents : [],
            KeySealStatement.DefaultBlockSize)).ToList();
        return new KeySealStatement(plan.Product, plan.Version.ToString(), plan.Target, plan.ImageFileName, plan.Layout.FlashSize.Bytes, KeySealStatement.DefaultBlockSize, GuidPartitionTable.DiskGuidFor(ids), partitions);
    }

    private static FatType? FatTypeOf(FileSystemKind kind) => kind switch
    {
        FileSystemKind.Fat12 => FatType.Fat12,
        FileSystemKind.Fat16 => FatType.Fat16,
        FileSystemKind.Fat32 => FatType.Fat32,
        _ => null,
    };
}
