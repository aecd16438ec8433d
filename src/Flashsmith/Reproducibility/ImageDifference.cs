using System.Globalization;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Reproducibility;

/// <summary>
/// Where two images differ: each partition and, within its FAT volume, each file or structure (boot
/// sector, FAT, directory) that holds differing bytes, with its first differing offset; for a PE file,
/// the offset within the file and the section that holds it.
/// </summary>
public static class ImageDifference
{
    private const int Sector = Lba.SectorSize;
    private const int MaxSectors = 8192;

    /// <summary>What holds the differing bytes of two images, first first; <paramref name="componentOf"/> names the component a file is.</summary>
    public static IReadOnlyList<string> Explain(byte[] first, byte[] second, Func<string, string, string?> componentOf)
    {
        var details = new List<string>();
        if (first.Length != second.Length)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"the images differ in size: {first.Length} and {second.Length} bytes"));
        }

        using var stream = new MemoryStream(first, writable: false);
        using var other = new MemoryStream(second, writable: false);
        IReadOnlyList<PartitionInfo> partitions;
        try
        {
            partitions = PartitionTable.Read(stream).Partitions;
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            details.Add($"the partition table cannot be read: {ex.Message}");
            return details;
        }

        var volumes = new Dictionary<string, (FatFileSystem? First, FatFileSystem? Second)>(StringComparer.Ordinal);
        var places = new List<(string Partition, string Holder, long Offset)>();
        var seen = new HashSet<(string, string)>();
        var length = Math.Min(first.Length, second.Length);
        var sectors = 0;
        for (long at = 0; at < length && sectors < MaxSectors; at += Sector)
        {
            var size = (int)Math.Min(Sector, length - at);
            var a = first.AsSpan((int)at, size);
            var b = second.AsSpan((int)at, size);
            var mismatch = a.CommonPrefixLength(b);
            if (mismatch == size)
            {
                continue;
            }

            sectors++;
            var offset = at + mismatch;
            var partition = partitions.FirstOrDefault(p => offset >= p.Offset.Bytes && offset < p.Offset.Bytes + p.Size.Bytes);
            string name;
            string holder;
            if (partition is null)
            {
                name = string.Empty;
                holder = "the partition table (outside every partition)";
            }
            else
            {
                name = partition.Name.Length > 0 ? partition.Name : partition.Index.ToString(CultureInfo.InvariantCulture);
                if (!volumes.TryGetValue(name, out var pair))
                {
                    pair = (Open(stream, partition), Open(other, partition));
                    volumes[name] = pair;
                }

                holder = pair.First is null ? "unformatted space" : pair.First.WhatHolds(offset - partition.Offset.Bytes);
            }

            if (seen.Add((name, holder)))
            {
                places.Add((name, holder, offset));
            }
        }

        foreach (var (partition, holder, offset) in places)
        {
            var where = partition.Length == 0 ? holder : $"partition '{partition}', {Describe(holder)}";
            var text = $"{where}, first at {new ByteSize(offset).ToOffsetString()}";
            if (partition.Length > 0 && holder.StartsWith('/') && volumes[partition] is { First: { } a, Second: { } b })
            {
                text += InFile(a, b, holder);
                if (componentOf(partition, holder) is { } component)
                {
                    text += $"; component '{component}'";
                }
            }

            details.Add(text);
        }

        if (sectors >= MaxSectors)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"(only the first {MaxSectors} differing sectors were examined)"));
        }

        return details;
    }

    private static string Describe(string holder) => holder.StartsWith('/') ? "file " + holder : holder;

    /// <summary>
    /// Where within the file the two copies first differ, and for a PE file, each part (headers, section,
    /// certificate table) that holds differing bytes, with the first differing offset in it.
    /// </summary>
    private static string InFile(FatFileSystem first, FatFileSystem second, string path)
    {
        try
        {
            var a = first.ReadFile(path);
            var b = second.ReadFileIfPresent(path) ?? [];
            var at = a.AsSpan().CommonPrefixLength(b);
            if (at == a.Length && a.Length == b.Length)
            {
                return string.Empty;
            }

            var parts = new List<string>();
            if (PeSections.WhatHolds(a, 0) is not null)
            {
                for (var i = at; i < Math.Min(a.Length, b.Length); i++)
                {
                    if (a[i] != b[i] && PeSections.WhatHolds(a, i) is { } part && !parts.Any(p => p.StartsWith(part + " ", StringComparison.Ordinal)))
                    {
                        parts.Add($"{part} at file offset {new ByteSize(i).ToOffsetString()}");
                    }
                }
            }

            return parts.Count == 0
                ? $" (file offset {new ByteSize(at).ToOffsetString()})"
                : $" (differing bytes in {string.Join(", ", parts)})";
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or FileNotFoundException)
        {
            return string.Empty;
        }
    }

    private static FatFileSystem? Open(Stream image, PartitionInfo partition)
    {
        try
        {
            return DiskInspector.Open(image, partition);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            return null;
        }
    }
}
