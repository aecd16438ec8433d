using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Provisioning;

/// <summary>
/// What to write to a key of a given size, in order: zeros over any old partition table, the image's
/// data blocks (all but the tables and the unit partition), the unit partition made for this unit, the
/// backup GPT in the key's last sectors, and last the protective MBR and primary GPT, so that a key
/// whose write stopped part-way holds no partition table and boots nothing.
/// </summary>
public sealed record KeyPlan(
    long KeySize,
    IReadOnlyList<WriteSegment> Wipe,
    IReadOnlyList<WriteSegment> Segments,
    IReadOnlyList<DiskExtent> KeyExtents,
    GptEntry UnitEntry,
    FatType UnitType)
{
    /// <summary>The largest alignment a grown unit partition's end keeps: 1 MiB.</summary>
    private const long MaxAlignmentSectors = ByteSize.MiB / Lba.SectorSize;

    /// <summary>The bytes written, wipe included.</summary>
    public long TotalBytes => Wipe.Sum(s => s.Length) + Segments.Sum(s => s.Length);

    /// <summary>The ranges copied from the image, in order: the same for every key of the image, see <see cref="ImageSegmentsOf"/>.</summary>
    public IReadOnlyList<WriteSegment> ImageSegments => [.. Segments.Where(s => s.FromImage)];

    /// <summary>The ranges made for this key, in order: the unit partition, the backup GPT, and last the primary GPT.</summary>
    public IReadOnlyList<WriteSegment> KeySegments => [.. Segments.Where(s => !s.FromImage)];

    /// <summary>Whether every range is a whole number of <paramref name="blockSize"/> blocks, as O_DIRECT needs.</summary>
    public bool IsAlignedTo(int blockSize) =>
        Wipe.Concat(Segments).All(s => s.Offset % blockSize == 0 && s.Length % blockSize == 0);

    /// <summary>
    /// Plans a key of <paramref name="keySize"/> bytes for <paramref name="image"/>. <paramref name="unitFiles"/> go into
    /// the unit partition beside the key seal; <paramref name="grow"/> makes the unit partition fill the key.
    /// </summary>
    public static KeyPlan Create(VerifiedImage image, long keySize, bool grow, IReadOnlyList<(string Path, byte[] Content)> unitFiles, uint unitSerial, DateTimeOffset stamp)
    {
        var sectors = keySize / Lba.SectorSize;
        var diskSize = new ByteSize(sectors * Lba.SectorSize);
        if (diskSize.Bytes < image.Size)
        {
            throw new DeviceFailedException(DiagnosticCodes.KeyLayout, $"the key holds {keySize} bytes, less than the {image.Size}-byte image");
        }

        var statement = image.Statement;
        var unit = image.Unit;
        var unitEntry = unit.Entry;
        if (grow)
        {
            if (statement.Partitions.Any(p => p.Entry.StartingLba > unitEntry.StartingLba))
            {
                throw new BadInputException(DiagnosticCodes.KeyLayout, $"the unit partition '{unit.Name}' is not the last partition of {image.Name}, so it cannot grow to fill the key; provision without --grow");
            }

            var alignment = Alignment(statement.Partitions.Select(p => p.Entry.StartingLba));
            var lastUsable = sectors - Lba.FromOffset(GuidPartitionTable.BackupSize).Value - 1;
            var end = (lastUsable + 1) / alignment * alignment;
            if (end - 1 > unitEntry.EndingLba)
            {
                unitEntry = unitEntry with { EndingLba = end - 1 };
            }
        }

        var slots = new GptEntry[statement.Partitions.Max(p => p.Index)];
        foreach (var p in statement.Partitions)
        {
            slots[p.Index - 1] = p.IsUnit ? unitEntry : p.Entry;
        }

        var table = GuidPartitionTable.Write(diskSize, statement.DiskGuid, slots);
        var head = table[0];
        var tail = table[1];
        var unitOffset = new Lba(unitEntry.StartingLba).Offset.Bytes;
        var unitSize = new Lba(unitEntry.EndingLba + 1).Offset.Bytes - unitOffset;
        var unitType = grow ? (FatType?)null : image.UnitFatType;
        var fat = new FatFileSystemBuilder(new FatVolumeOptions(unit.Name, new ByteSize(unitSize), unitType, image.UnitLabel, unitSerial, stamp, (uint)unitEntry.StartingLba));
        fat.AddFile("/" + KeySealStatement.FileName, DataSource.FromBytes(image.KeySeal));
        foreach (var (path, content) in unitFiles)
        {
            fat.AddFile(path, DataSource.FromBytes(content));
        }

        FatVolumeLayout volume;
        try
        {
            volume = fat.Build();
        }
        catch (Exception ex) when (ex is VolumeFullException or DiskFormatException)
        {
            throw new BadInputException(DiagnosticCodes.KeyLayout, $"the unit partition '{unit.Name}' ({new ByteSize(unitSize)}) cannot hold the unit record: {ex.Message}");
        }

        var segments = new List<WriteSegment>(ImageSegmentsOf(image));
        var unitExtents = volume.At(unitOffset).ToList();
        foreach (var (first, last) in DiskExtents.Blocks(volume.Extents, KeySealStatement.DefaultBlockSize))
        {
            var from = unitOffset + (first * KeySealStatement.DefaultBlockSize);
            var to = Math.Min(unitOffset + ((last + 1) * KeySealStatement.DefaultBlockSize), unitOffset + unitSize);
            segments.Add(new WriteSegment(from, to - from, false, $"the unit partition '{unit.Name}'"));
        }

        segments.Add(new WriteSegment(tail.Offset, tail.Content.Length, false, "the backup GPT"));
        segments.Add(new WriteSegment(head.Offset, head.Content.Length, false, "the protective MBR and primary GPT"));
        var wipe = new List<WriteSegment>
        {
            new(head.Offset, head.Content.Length, false, "the old partition table at the start of the key"),
            new(tail.Offset, tail.Content.Length, false, "the old backup partition table at the end of the key"),
        };
        var extents = unitExtents.Append(tail).Append(head).OrderBy(e => e.Offset).ToList();
        return new KeyPlan(diskSize.Bytes, wipe, segments, extents, unitEntry, volume.Geometry.Type);
    }

    /// <summary>
    /// The image's data blocks as its block map names them, less the partition tables and the unit partition,
    /// which every key gets made for itself. They depend on the image alone, so one reader can feed them to
    /// every key: a grown unit partition only reaches past the image's end, where the image has no blocks.
    /// </summary>
    public static IReadOnlyList<WriteSegment> ImageSegmentsOf(VerifiedImage image)
    {
        var unit = image.Unit;
        var excluded = new List<(long Start, long End)>
        {
            (0, GuidPartitionTable.FirstUsable.Bytes),
            (image.Size - GuidPartitionTable.BackupSize.Bytes, image.Size),
            (unit.Offset, unit.Offset + unit.Size),
        };
        var segments = new List<WriteSegment>();
        var map = image.BlockMap;
        for (var i = 0; i < map.Ranges.Count; i++)
        {
            var range = map.Ranges[i];
            var start = range.First * map.BlockSize;
            var end = Math.Min((range.Last + 1) * map.BlockSize, map.ImageSize);
            foreach (var (from, to) in Subtract(start, end, excluded))
            {
                segments.Add(new WriteSegment(from, to - from, true, $"image blocks {range.First}-{range.Last} (block map range {i + 1})"));
            }
        }

        return segments;
    }

    /// <summary>The largest power of two (at most 1 MiB) that every partition start is a multiple of, in sectors.</summary>
    private static long Alignment(IEnumerable<long> starts)
    {
        var alignment = MaxAlignmentSectors;
        foreach (var start in starts)
        {
            while (alignment > 1 && start % alignment != 0)
            {
                alignment /= 2;
            }
        }

        return alignment;
    }

    private static IEnumerable<(long Start, long End)> Subtract(long start, long end, IReadOnlyList<(long Start, long End)> excluded)
    {
        var pieces = new List<(long Start, long End)> { (start, end) };
        foreach (var (exStart, exEnd) in excluded)
        {
            pieces = pieces.SelectMany(p => p.End <= exStart || p.Start >= exEnd
                ? [p]
                : new[] { (p.Start, Math.Min(p.End, exStart)), (Math.Max(p.Start, exEnd), p.End) }.Where(q => q.Item2 > q.Item1)).ToList();
        }

        return pieces;
    }
}
