using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Pipeline;

/// <summary>
/// Lays out the image with Flashsmith.Disk: a FAT volume per formatted partition holding its packed
/// files, and the partition table. GUIDs and serials come from the product, version and target.
/// </summary>
public static class AssembleStage
{
    public static AssembleOutput Run(AssembleInput input)
    {
        var plan = input.Plan;
        var ids = Seed(plan);
        var layout = plan.Layout;
        var style = layout.Table == PartitionTableKind.Gpt ? PartitionStyle.Gpt : PartitionStyle.Mbr;
        var disk = new DiskImageBuilder(layout.FlashSize, style, ids, layout.Alignment);
        var volumes = new Dictionary<string, FatVolumeLayout>(StringComparer.Ordinal);
        try
        {
            foreach (var partition in layout.Partitions)
            {
                FatVolumeLayout? volume = null;
                if (partition.FileSystem != FileSystemKind.None)
                {
                    var fat = new FatFileSystemBuilder(new FatVolumeOptions(
                        partition.Name,
                        partition.Size,
                        FatTypeOf(partition.FileSystem),
                        partition.Label,
                        ids.NumberFor("serial:" + partition.Name),
                        plan.Epoch.Time,
                        (uint)(partition.Offset.Bytes / Lba.SectorSize)));
                    foreach (var file in input.Pack.Files.Where(f => f.Partition == partition.Name))
                    {
                        fat.AddFile(file.Path, DataSource.FromBytes(file.Bytes));
                    }

                    volume = fat.Build();
                    volumes[partition.Name] = volume;
                }

                disk.AddPartition(
                    new PartitionDefinition(partition.Name, partition.Offset, partition.Size, partition.Type.GptType, partition.Type.MbrType, partition.Contents == PartitionContents.Core),
                    volume);
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

    private static FatType? FatTypeOf(FileSystemKind kind) => kind switch
    {
        FileSystemKind.Fat12 => FatType.Fat12,
        FileSystemKind.Fat16 => FatType.Fat16,
        FileSystemKind.Fat32 => FatType.Fat32,
        _ => null,
    };
}
