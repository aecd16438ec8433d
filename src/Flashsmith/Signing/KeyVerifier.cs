using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;

namespace Flashsmith.Signing;

/// <summary>
/// Checks a disk against the key seal in its unit partition: the seal's signature, every partition
/// entry, and every sealed block of every partition but the unit partition. This needs no image file,
/// so it checks a provisioned key, or one written by <c>bmaptool copy</c>, as well as an image. A boot
/// bank that an update wrote holds another build than the key seal names: it is checked against the
/// partition seal it carries, signed when that build was made.
/// </summary>
public static class KeyVerifier
{
    /// <summary>How many differing places to name per partition before summing up the rest.</summary>
    private const int MaxPlacesNamed = 8;

    /// <summary>The unit record's file in the root of the unit partition.</summary>
    public const string UnitRecordFile = "unit.json";

    /// <summary>The key seal's checks, appended to <paramref name="checks"/>; returns the statement when the seal holds.</summary>
    public static KeySealStatement? Check(Stream disk, PartitionTable table, X509Certificate2 trusted, List<VerificationCheck> checks, bool sealRequired)
    {
        var found = FindSeal(disk, table);
        if (found is null)
        {
            if (sealRequired)
            {
                checks.Add(new VerificationCheck("key seal", $"no partition holds /{KeySealStatement.FileName}: the disk was not written from a Flashsmith image with a unit partition"));
            }

            return null;
        }

        var (unit, fs) = found.Value;
        var statement = KeySeal.Open(fs.ReadFile("/" + KeySealStatement.FileName), trusted, out var problem);
        checks.Add(new VerificationCheck($"{Name(unit)}:/{KeySealStatement.FileName} key seal", problem is null ? null : $"the key seal does not hold: {problem}"));
        if (statement is null)
        {
            return null;
        }

        checks.Add(new VerificationCheck("partition entries against the key seal", EntryProblems(table, statement, disk.Length)));
        foreach (var sealedPartition in statement.Partitions.Where(p => !p.IsUnit))
        {
            checks.Add(CheckPartition(disk, statement, sealedPartition, trusted));
        }

        return statement;
    }

    /// <summary>
    /// A partition against the key seal; when that fails, against the partition seal it carries, if that
    /// seal holds and names another build (an updated bank). Problems are named against the seal that
    /// describes what the partition should hold.
    /// </summary>
    private static VerificationCheck CheckPartition(Stream disk, KeySealStatement statement, SealedPartition sealedPartition, X509Certificate2 trusted)
    {
        var subject = $"partition '{sealedPartition.Name}' against the key seal ({sealedPartition.Blocks.Sum(b => b.Digests.Count)} blocks)";
        var problems = BlockProblems(disk, sealedPartition.Offset, sealedPartition.Size, sealedPartition.Blocks, sealedPartition.Volatile, statement.BlockSize);
        if (problems is null || ReadPartitionSeal(disk, sealedPartition.Offset, sealedPartition.Size, trusted) is not { } own || own.IsFrom(statement, sealedPartition.Name))
        {
            return new VerificationCheck(subject, problems);
        }

        var ownSubject = $"partition '{sealedPartition.Name}' against its partition seal ({own})";
        if (own.Size > sealedPartition.Size)
        {
            return new VerificationCheck(ownSubject, $"the seal is for a {own.Size}-byte partition; this one has {sealedPartition.Size} bytes") { ByPartitionSeal = true };
        }

        return new VerificationCheck(ownSubject, BlockProblems(disk, sealedPartition.Offset, sealedPartition.Size, own.Blocks, own.Volatile, own.BlockSize)) { ByPartitionSeal = true };
    }

    /// <summary>The partition seal in the root of the volume at <paramref name="offset"/>, when it holds for <paramref name="trusted"/>.</summary>
    public static PartitionSealStatement? ReadPartitionSeal(Stream disk, long offset, long size, X509Certificate2 trusted)
    {
        try
        {
            var fs = new FatFileSystem(disk, offset, size);
            var path = "/" + PartitionSealStatement.FileName;
            return fs.ReadFileIfPresent(path, maxSize: 1 << 20) is { } seal ? PartitionSeal.Open(seal, trusted, out _) : null;
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>The unit partition (the one whose root holds the key seal) and its volume, or null.</summary>
    public static (PartitionInfo Partition, FatFileSystem Fs)? FindSeal(Stream disk, PartitionTable table)
    {
        foreach (var partition in table.Partitions)
        {
            try
            {
                var fs = DiskInspector.Open(disk, partition);
                if (fs?.Find("/" + KeySealStatement.FileName) is { IsDirectory: false })
                {
                    return (partition, fs);
                }
            }
            catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
            {
                // Not a readable FAT volume: not the unit partition.
            }
        }

        return null;
    }

    /// <summary>The unit record's text, when the unit partition holds one.</summary>
    public static string? ReadUnitRecord(Stream disk, PartitionTable table)
    {
        if (FindSeal(disk, table) is not { } found)
        {
            return null;
        }

        try
        {
            return found.Fs.ReadFileIfPresent("/" + UnitRecordFile) is { } record ? System.Text.Encoding.UTF8.GetString(record) : null;
        }
        catch (InvalidDiskImageException)
        {
            return null;
        }
    }

    private static string? EntryProblems(PartitionTable table, KeySealStatement statement, long diskLength)
    {
        var problems = new List<string>();
        if (table.Style != PartitionStyle.Gpt)
        {
            return "the disk's partition table is not a GPT";
        }

        if (table.DiskGuid != statement.DiskGuid)
        {
            problems.Add($"the disk GUID is {table.DiskGuid}, the seal says {statement.DiskGuid}");
        }

        foreach (var expected in statement.Partitions)
        {
            var actual = table.Partitions.FirstOrDefault(p => p.Index == expected.Index);
            if (actual is null)
            {
                problems.Add($"entry {expected.Index} ('{expected.Name}') is missing");
                continue;
            }

            var entry = GuidPartitionTable.EntryOf(actual);
            var grown = expected.IsUnit && entry.EndingLba >= expected.Entry.EndingLba && entry.EndingLba * Lba.SectorSize < diskLength;
            if (entry != expected.Entry && !(grown && entry with { EndingLba = expected.Entry.EndingLba } == expected.Entry))
            {
                problems.Add($"entry {expected.Index} is {Describe(entry)}, the seal says {Describe(expected.Entry)}");
            }
        }

        foreach (var extra in table.Partitions.Where(p => statement.Partitions.All(s => s.Index != p.Index)))
        {
            problems.Add($"entry {extra.Index} ('{extra.Name}') is not in the seal");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// The blocks of the partition at <paramref name="offset"/> that differ from <paramref name="blocks"/>,
    /// named by what holds them, or null when none does. Volatile bytes count as zeros.
    /// </summary>
    public static string? BlockProblems(Stream disk, long offset, long size, IReadOnlyList<SealedBlockRun> blocks, IReadOnlyList<VolatileRange> volatileRanges, int blockSize)
    {
        if (offset + size > disk.Length)
        {
            return $"the partition ends at {new ByteSize(offset + size).ToOffsetString()}, past the end of the {disk.Length}-byte disk";
        }

        var bad = new List<long>();
        var buffer = new byte[blockSize];
        foreach (var run in blocks)
        {
            for (var i = 0; i < run.Digests.Count; i++)
            {
                var block = run.First + i;
                var span = buffer.AsSpan(0, (int)Math.Min(blockSize, size - (block * blockSize)));
                if (span.Length <= 0)
                {
                    bad.Add(block);
                    continue;
                }

                disk.Position = offset + (block * blockSize);
                disk.ReadExactly(span);
                VolatileRange.Clear(span, block * blockSize, volatileRanges);
                if (!SHA256.HashData(span).AsSpan().SequenceEqual(run.Digests[i]))
                {
                    bad.Add(block);
                }
            }
        }

        if (bad.Count == 0)
        {
            return null;
        }

        var places = Places(disk, offset, size, bad, blockSize);
        var named = places.Take(MaxPlacesNamed).Select(p => $"{p.Holder} (the block at {new ByteSize(p.Offset).ToOffsetString()})");
        var more = places.Count > MaxPlacesNamed ? $", and {places.Count - MaxPlacesNamed} more" : string.Empty;
        return $"{bad.Count} block{(bad.Count == 1 ? string.Empty : "s")} of {blockSize} bytes differ from the signed image, in {string.Join(", ", named)}{more}";
    }

    /// <summary>What holds each differing block, first block first, each holder named once.</summary>
    private static List<(string Holder, long Offset)> Places(Stream disk, long offset, long size, IReadOnlyList<long> blocks, int blockSize)
    {
        FatFileSystem? fs = null;
        string? unreadable = null;
        try
        {
            fs = new FatFileSystem(disk, offset, size);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            unreadable = ex.Message;
        }

        var places = new List<(string Holder, long Offset)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var start = block * blockSize;
            var holders = new List<string>();
            for (var at = start; at < Math.Min(start + blockSize, size); at += Lba.SectorSize)
            {
                var holder = fs is null ? (at == 0 ? "the boot sector" : $"the file system, which cannot be read ({unreadable})") : fs.WhatHolds(at);
                if (!holders.Contains(holder))
                {
                    holders.Add(holder);
                }
            }

            var text = string.Join(" or ", holders);
            if (seen.Add(text))
            {
                places.Add((text, offset + start));
            }
        }

        return places;
    }

    private static string Describe(GptEntry e) =>
        $"'{e.Name}' type {e.TypeGuid} GUID {e.UniqueGuid} sectors {e.StartingLba}-{e.EndingLba} attributes 0x{e.Attributes:x}";

    private static string Name(PartitionInfo partition) =>
        partition.Name.Length > 0 ? partition.Name : partition.Index.ToString(CultureInfo.InvariantCulture);
}
