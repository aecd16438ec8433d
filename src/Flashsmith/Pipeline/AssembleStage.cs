using Flashsmith.Boot;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// Lays out the image with Flashsmith.Disk: a FAT volume per formatted partition holding its packed
/// files, and the partition table. GUIDs and serials come from the product, version and target. The ESP
/// and the boot bank each carry a partition seal over their own blocks, so that a bank copied into the
/// other bank by an update can still be checked. The unit partition is laid out last: it holds the key
/// seal, signed over every other partition.
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
        var volatileRanges = new Dictionary<string, IReadOnlyList<VolatileRange>>(StringComparer.Ordinal);
        var definitions = layout.Partitions
            .Select(p => new PartitionDefinition(p.Name, p.Offset, p.Size, p.Type.GptType, p.Type.MbrType, p.Contents == PartitionContents.Core))
            .ToList();
        try
        {
            // The volumes are independent of one another, so they are laid out side by side; the first failure in
            // layout order is the one reported, as when they were laid out one after another.
            var formatted = layout.Partitions.Where(p => p.FileSystem != FileSystemKind.None && p.Contents != PartitionContents.Unit).ToList();
            var made = new (FatVolumeLayout Volume, IReadOnlyList<VolatileRange>? Volatile)[formatted.Count];
            var failed = new Exception?[formatted.Count];
            Parallel.For(0, formatted.Count, i =>
            {
                var partition = formatted[i];
                var files = input.Signed.Files.Where(f => f.Partition == partition.Name).Select(f => (f.Path, DataSource.FromBytes(f.Bytes))).ToList();
                try
                {
                    made[i] = partition.Contents is PartitionContents.Core or PartitionContents.Bootbank
                        ? SealedVolume(plan, ids, partition, files, input.Signatures)
                        : (Format(plan, ids, partition, files), null);
                }
                catch (Exception ex)
                {
                    failed[i] = ex;
                }
            });
            if (failed.FirstOrDefault(f => f is not null) is { } first)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            }

            for (var i = 0; i < formatted.Count; i++)
            {
                volumes[formatted[i].Name] = made[i].Volume;
                if (made[i].Volatile is { } ranges)
                {
                    volatileRanges[formatted[i].Name] = ranges;
                }
            }

            foreach (var unit in layout.Partitions.Where(p => p.Contents == PartitionContents.Unit))
            {
                var files = style == PartitionStyle.Gpt
                    ? [("/" + KeySealStatement.FileName, DataSource.FromBytes(input.Signatures.KeySeal(Statement(plan, ids, definitions, volumes, volatileRanges))))]
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
            throw new BadInputException(DiagnosticCodes.FatTypeDoesNotFit, $"{plan.Target}: {ex.Message}");
        }
    }

    /// <summary>The seed of every GUID and serial: the same product, version and target give the same disk.</summary>
    public static DeterministicIds Seed(BuildPlan plan) => new($"{plan.Product}\n{plan.Version}\n{plan.Target}");

    private static FatVolumeLayout Format(BuildPlan plan, DeterministicIds ids, PlannedPartition partition, IEnumerable<(string Path, DataSource Content)> files)
    {
        var fat = new FatFileSystemBuilder(new FatVolumeOptions(
            partition.Name,
            partition.Size,
            partition.FileSystem.ForcedFatType(),
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
    private static KeySealStatement Statement(BuildPlan plan, DeterministicIds ids, IReadOnlyList<PartitionDefinition> definitions, IReadOnlyDictionary<string, FatVolumeLayout> volumes, IReadOnlyDictionary<string, IReadOnlyList<VolatileRange>> volatileRanges)
    {
        var entries = GuidPartitionTable.EntriesFor(definitions, ids);
        var partitions = plan.Layout.Partitions.Select((p, i) => SealedPartition.Measure(
            i + 1,
            entries[i],
            p.Contents == PartitionContents.Unit,
            volumes.TryGetValue(p.Name, out var volume) ? volume.Extents : [],
            KeySealStatement.DefaultBlockSize,
            volatileRanges.GetValueOrDefault(p.Name, []))).ToList();
        return new KeySealStatement(plan.Product, plan.Version.ToString(), plan.Target, plan.ImageFileName, plan.Layout.FlashSize.Bytes, KeySealStatement.DefaultBlockSize, GuidPartitionTable.DiskGuidFor(ids), partitions);
    }

    /// <summary>
    /// A volume holding <paramref name="files"/> and its partition seal. The seal's file is laid out first
    /// as zeros to learn where it lands (its bytes are volatile: they cannot cover themselves), the blocks are
    /// measured and signed, and the volume is laid out again with the seal in it: the same layout, since only
    /// that file's content differs. Returns the volume and the bytes that booting may rewrite.
    /// </summary>
    private static (FatVolumeLayout Volume, IReadOnlyList<VolatileRange> Volatile) SealedVolume(BuildPlan plan, DeterministicIds ids, PlannedPartition partition, IReadOnlyList<(string Path, DataSource Content)> files, SignatureCache signatures)
    {
        var blockSize = KeySealStatement.DefaultBlockSize;
        var sealPath = "/" + PartitionSealStatement.FileName;
        var room = blockSize;
        while (true)
        {
            var draft = Format(plan, ids, partition, [.. files, (sealPath, DataSource.Zeros(room))]);
            var extents = draft.Extents.OrderBy(e => e.Offset).ToList();

            // The volume is read where its extents lie: making its whole image first cost a zeroed buffer of the
            // partition's size, and copying every file into it, on the way to the image's seal.
            var fs = new FatFileSystem(new ExtentStream(extents, partition.Size.Bytes), 0, partition.Size.Bytes);
            var bank = BankVolatile.Of(fs).Select(r => r with { Original = Read(extents, r) }).ToList();
            var sealFile = fs.Find(sealPath)!;
            var sealRange = new VolatileRange(fs.DataOffset(sealFile.FirstCluster), (int)((room + fs.ClusterSize - 1) / fs.ClusterSize * fs.ClusterSize));
            IReadOnlyList<VolatileRange> ranges = [.. bank.Select(r => r with { Original = null }), sealRange];
            var statement = new PartitionSealStatement(
                plan.Product, plan.Version.ToString(), plan.Target, plan.Epoch.Seconds, partition.Name, partition.Size.Bytes, blockSize,
                SealedPartition.MeasureBlocks(draft.Extents, partition.Size.Bytes, blockSize, ranges), ranges);
            var seal = signatures.PartitionSeal(statement);
            if (seal.Length <= room)
            {
                var padded = new byte[room];
                seal.CopyTo(padded, 0);
                return (Format(plan, ids, partition, [.. files, (sealPath, DataSource.FromBytes(padded))]), bank);
            }

            room = (seal.Length + blockSize - 1) / blockSize * blockSize;
        }
    }

    private static byte[] Read(IReadOnlyList<DiskExtent> extents, VolatileRange range)
    {
        var bytes = new byte[range.Length];
        DiskExtents.Read(extents, range.Offset, bytes);
        return bytes;
    }
}
