using System.Buffers.Binary;
using System.Text;

namespace Flashsmith.Disk.Fat;

/// <summary>
/// Reads a FAT12, FAT16 or FAT32 volume: its directories with long names, and its files. Built to
/// survive hostile images: every cluster number, chain length, size and directory is checked, so a
/// damaged volume gives an <see cref="InvalidDiskImageException"/>, never a hang or a huge allocation.
/// </summary>
public sealed class FatFileSystem
{
    public const int MaxDepth = 64;

    /// <summary>The specification's limit on entries in one directory (2 MiB of entries).</summary>
    public const int MaxDirectoryEntries = 65536;
    private readonly Stream disk;
    private readonly long offset;
    private readonly Dictionary<long, byte[]> fatCache = [];

    public FatFileSystem(Stream disk, long offset, long length)
    {
        this.disk = disk;
        this.offset = offset;
        if (length < FatBootSector.Size || offset + length > disk.Length)
        {
            throw new InvalidDiskImageException($"the volume at {new ByteSize(offset).ToOffsetString()} runs past the end of the image");
        }

        var sector = ReadBytes(0, FatBootSector.Size);
        BootSector = FatBootSector.Read(sector);
        var b = BootSector;
        if (!b.HasSignature || b.BytesPerSector is not (512 or 1024 or 2048 or 4096)
            || b.SectorsPerCluster is 0 or > 128 || (b.SectorsPerCluster & (b.SectorsPerCluster - 1)) != 0
            || b.ReservedSectors == 0 || b.FatCount is 0 or > 4 || b.FatSectors == 0 || b.TotalSectors == 0)
        {
            throw new InvalidDiskImageException($"no FAT file system at {new ByteSize(offset).ToOffsetString()}: the boot sector's parameters are not those of a FAT volume");
        }

        SectorSize = b.BytesPerSector;
        if (b.TotalSectors * SectorSize > length)
        {
            throw new InvalidDiskImageException($"the FAT volume claims {new ByteSize(b.TotalSectors * SectorSize)}, but its partition holds {new ByteSize(length)}");
        }

        var rootSectors = ((b.RootEntryCount * 32L) + SectorSize - 1) / SectorSize;
        FirstDataSector = b.ReservedSectors + (b.FatCount * b.FatSectors) + rootSectors;
        if (FirstDataSector >= b.TotalSectors)
        {
            throw new InvalidDiskImageException("the FAT volume's reserved sectors, FATs and root directory leave no room for data");
        }

        ClusterCount = (b.TotalSectors - FirstDataSector) / b.SectorsPerCluster;
        Type = ClusterCount <= FatGeometry.MaxFat12Clusters ? FatType.Fat12 : ClusterCount <= FatGeometry.MaxFat16Clusters ? FatType.Fat16 : FatType.Fat32;
        var fatBytesNeeded = Type switch { FatType.Fat12 => ((ClusterCount + 2) * 3 + 1) / 2, FatType.Fat16 => (ClusterCount + 2) * 2, _ => (ClusterCount + 2) * 4 };
        if (b.FatSectors * SectorSize < fatBytesNeeded)
        {
            throw new InvalidDiskImageException($"the FAT is {b.FatSectors} sectors, too small for {ClusterCount} clusters");
        }

        if ((Type == FatType.Fat32) != b.IsFat32Layout || (Type == FatType.Fat32 && !IsValidCluster(b.RootCluster)))
        {
            throw new InvalidDiskImageException($"the boot sector's layout does not match the {ClusterCount} clusters of a {Type.ToString().ToUpperInvariant()} volume");
        }
    }

    public FatBootSector BootSector { get; }

    public FatType Type { get; }

    public int SectorSize { get; }

    public long ClusterCount { get; }

    public long FirstDataSector { get; }

    public int ClusterSize => BootSector.SectorsPerCluster * SectorSize;

    public string VolumeLabel => BootSector.VolumeLabel;

    public long TotalDataBytes => ClusterCount * ClusterSize;

    /// <summary>Counts the free clusters by reading the whole FAT.</summary>
    public long FreeBytes
    {
        get
        {
            long free = 0;
            for (var c = 2L; c < ClusterCount + 2; c++)
            {
                if (Entry(c) == 0)
                {
                    free++;
                }
            }

            return free * ClusterSize;
        }
    }

    /// <summary>
    /// The file or folder at <paramref name="path"/>; null when there is none, or when a folder on the way to it is
    /// missing or is a file.
    /// </summary>
    public FatDirectoryItem? Find(string path)
    {
        var parts = Split(path);
        if (parts.Length == 0 || FindDirectory(string.Join('/', parts[..^1]), missingIsNull: true) is not { } parent)
        {
            return null;
        }

        return ReadDirectory(parent).FirstOrDefault(e => Matches(e, parts[^1]));
    }

    /// <summary>
    /// The byte offset, from the volume's start, of the short directory entry of <paramref name="path"/>:
    /// where its attributes, times, first cluster and size are. Null when there is no such entry, as with
    /// <see cref="Find"/>.
    /// </summary>
    public long? EntryOffset(string path)
    {
        var parts = Split(path);
        if (parts.Length == 0 || FindDirectory(string.Join('/', parts[..^1]), missingIsNull: true) is not { } parent)
        {
            return null;
        }

        foreach (var (item, offset) in ReadPlacedDirectory(parent))
        {
            if (Matches(item, parts[^1]))
            {
                return offset;
            }
        }

        return null;
    }

    /// <summary>Copies the file at <paramref name="path"/> into <paramref name="destination"/>.</summary>
    public void CopyFile(string path, Stream destination)
    {
        var item = Find(path) ?? throw new FileNotFoundException($"'{path}' does not exist on the volume");
        if (item.IsDirectory)
        {
            throw new InvalidDiskImageException($"'{path}' is a directory, not a file");
        }

        CopyFile(item, path, destination);
    }

    public byte[] ReadFile(string path)
    {
        using var memory = new MemoryStream();
        CopyFile(path, memory);
        return memory.ToArray();
    }

    /// <summary>
    /// The bytes of the file at <paramref name="path"/>; null when there is none (as <see cref="Find"/> says), when a
    /// folder is there, or when the file is larger than <paramref name="maxSize"/>.
    /// </summary>
    public byte[]? ReadFileIfPresent(string path, long maxSize = long.MaxValue)
    {
        if (Find(path) is not { IsDirectory: false } item || item.Size > maxSize)
        {
            return null;
        }

        using var memory = new MemoryStream();
        CopyFile(item, path, memory);
        return memory.ToArray();
    }

    /// <summary>Copies a file's bytes, checking that its cluster chain holds exactly its size.</summary>
    public void CopyFile(FatDirectoryItem item, string path, Stream destination)
    {
        if (item.Size == 0)
        {
            return;
        }

        var remaining = item.Size;
        var buffer = new byte[ClusterSize];
        foreach (var cluster in Chain(item.FirstCluster, path))
        {
            if (remaining <= 0)
            {
                throw new InvalidDiskImageException($"'{path}' has more clusters than its size of {item.Size} bytes needs");
            }

            var take = (int)Math.Min(ClusterSize, remaining);
            ReadInto(ClusterOffset(cluster), buffer.AsSpan(0, take));
            destination.Write(buffer, 0, take);
            remaining -= take;
        }

        if (remaining > 0)
        {
            throw new InvalidDiskImageException($"'{path}' is {item.Size} bytes, but its cluster chain holds only {item.Size - remaining}");
        }
    }

    /// <summary>Every file and directory below <paramref name="path"/>, depth first in name order, with their paths.</summary>
    public IEnumerable<(string Path, FatDirectoryItem Item)> Walk(string path = "/")
    {
        var visited = new HashSet<uint> { Type == FatType.Fat32 ? BootSector.RootCluster : 0u };
        return Walk(FindDirectory(path, missingIsNull: false)!, path.TrimEnd('/'), 0, visited);
    }

    private IEnumerable<(string Path, FatDirectoryItem Item)> Walk(DirectoryLocation directory, string prefix, int depth, HashSet<uint> visited)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDiskImageException($"directories nest deeper than {MaxDepth} levels at '{prefix}'");
        }

        foreach (var item in ReadDirectory(directory).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var path = $"{prefix}/{item.Name}";
            yield return (path, item);
            if (item.IsDirectory)
            {
                if (!visited.Add(item.FirstCluster))
                {
                    throw new InvalidDiskImageException($"directory '{path}' leads back to a directory already seen (cluster {item.FirstCluster}): the tree has a cycle");
                }

                foreach (var child in Walk(DirectoryLocation.Cluster(item.FirstCluster, path), path, depth + 1, visited))
                {
                    yield return child;
                }
            }
        }
    }

    private DirectoryLocation Root => Type == FatType.Fat32
        ? DirectoryLocation.Cluster(BootSector.RootCluster, "/")
        : new DirectoryLocation(0, (BootSector.ReservedSectors + (BootSector.FatCount * BootSector.FatSectors)) * SectorSize, BootSector.RootEntryCount, "/");

    /// <summary>
    /// The folder at <paramref name="path"/>. A missing folder on the way, or a file there, is a
    /// <see cref="DirectoryNotFoundException"/>, or null when <paramref name="missingIsNull"/> is set.
    /// </summary>
    private DirectoryLocation? FindDirectory(string path, bool missingIsNull)
    {
        var directory = Root;
        var walked = string.Empty;
        var parts = Split(path);
        if (parts.Length > MaxDepth)
        {
            throw new InvalidDiskImageException($"'{path}' is deeper than {MaxDepth} levels");
        }

        foreach (var part in parts)
        {
            walked += "/" + part;
            var item = ReadDirectory(directory).FirstOrDefault(e => Matches(e, part));
            if (item is not { IsDirectory: true })
            {
                return missingIsNull ? null : throw new DirectoryNotFoundException(item is null ? $"'{walked}' does not exist on the volume" : $"'{walked}' is a file, not a directory");
            }

            if (item.FirstCluster == 0)
            {
                directory = Root;
                continue;
            }

            directory = DirectoryLocation.Cluster(item.FirstCluster, walked);
        }

        return directory;
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool Matches(FatDirectoryItem item, string name) =>
        string.Equals(item.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(item.ShortName, name, StringComparison.OrdinalIgnoreCase);

    private IReadOnlyList<FatDirectoryItem> ReadDirectory(DirectoryLocation location) =>
        ReadPlacedDirectory(location).Select(p => p.Item).ToList();

    /// <summary>The directory's items, each with the volume offset of its short entry.</summary>
    private List<(FatDirectoryItem Item, long Offset)> ReadPlacedDirectory(DirectoryLocation location)
    {
        var raw = new List<(byte[] Bytes, long Offset)>();
        if (location.FirstCluster == 0)
        {
            var bytes = ReadBytes(location.FixedOffset, location.FixedEntries * DirectoryEntry.Size);
            for (var i = 0; i < location.FixedEntries; i++)
            {
                raw.Add((bytes.AsSpan(i * DirectoryEntry.Size, DirectoryEntry.Size).ToArray(), location.FixedOffset + (i * DirectoryEntry.Size)));
            }
        }
        else
        {
            foreach (var cluster in Chain(location.FirstCluster, location.Path))
            {
                if (raw.Count >= MaxDirectoryEntries)
                {
                    throw new InvalidDiskImageException($"directory '{location.Path}' holds more than {MaxDirectoryEntries} entries");
                }

                var bytes = ReadBytes(ClusterOffset(cluster), ClusterSize);
                for (var i = 0; i < ClusterSize / DirectoryEntry.Size; i++)
                {
                    raw.Add((bytes.AsSpan(i * DirectoryEntry.Size, DirectoryEntry.Size).ToArray(), ClusterOffset(cluster) + (i * DirectoryEntry.Size)));
                }
            }
        }

        return ParseEntries(raw, location.Path);
    }

    private List<(FatDirectoryItem Item, long Offset)> ParseEntries(List<(byte[] Bytes, long Offset)> raw, string path)
    {
        var items = new List<(FatDirectoryItem Item, long Offset)>();
        var pending = new List<LongNameEntry>();
        foreach (var (bytes, at) in raw)
        {
            if (bytes[0] == DirectoryEntry.EndMarker)
            {
                break;
            }

            if (bytes[0] == DirectoryEntry.DeletedMarker)
            {
                pending.Clear();
                continue;
            }

            var entry = DirectoryEntry.Read(bytes);
            if (entry.IsLongName)
            {
                var part = LongNameEntry.Read(bytes);
                if ((part.Order & LongNameEntry.LastFlag) != 0)
                {
                    pending.Clear();
                }

                pending.Add(part);
                continue;
            }

            var shortName = FatNames.Unpack(entry.ShortName, entry.CaseFlags);
            var longName = AssembleLongName(pending, LongNameEntry.ChecksumOf(entry.ShortName));
            pending.Clear();
            if (entry.IsVolumeLabel || shortName is "." or "..")
            {
                continue;
            }

            if (FatNames.ShortNameProblem(entry.ShortName) is { } problem)
            {
                throw new InvalidDiskImageException($"an entry of directory '{path}' has a damaged short name: it {problem}");
            }

            if (entry.FirstCluster != 0 && !IsValidCluster(entry.FirstCluster))
            {
                throw new InvalidDiskImageException($"'{path.TrimEnd('/')}/{longName ?? shortName}' starts at cluster {entry.FirstCluster}, outside the volume's clusters 2 to {ClusterCount + 1}");
            }

            items.Add((new FatDirectoryItem(longName ?? shortName, shortName, entry.Attributes, entry.FirstCluster, entry.IsDirectory ? 0 : entry.FileSize, entry.Written.ToDateTime()), at));
        }

        return items;
    }

    /// <summary>The long name the pending entries spell, or null when they are missing, out of order or for another entry.</summary>
    private static string? AssembleLongName(List<LongNameEntry> parts, byte checksum)
    {
        if (parts.Count == 0 || parts.Count > 20 || (parts[0].Order & LongNameEntry.LastFlag) == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            var part = parts[i];
            if ((part.Order & 0x1F) != parts.Count - i || part.Checksum != checksum)
            {
                return null;
            }

            foreach (var c in part.Characters)
            {
                if (c == '\0')
                {
                    break;
                }

                text.Append(c);
            }
        }

        var name = text.ToString();
        return name.Length == 0 || FatNames.Problem(name) is not null ? null : name;
    }

    /// <summary>The clusters of a chain; a loop, a free or bad cluster, or a number outside the volume is an error.</summary>
    private IEnumerable<uint> Chain(uint first, string path)
    {
        var cluster = first;
        for (long steps = 0; ; steps++)
        {
            if (!IsValidCluster(cluster))
            {
                throw new InvalidDiskImageException($"the cluster chain of '{path}' reaches cluster {cluster}, outside the volume's clusters 2 to {ClusterCount + 1}");
            }

            if (steps >= ClusterCount)
            {
                throw new InvalidDiskImageException($"the cluster chain of '{path}' is longer than the volume: it loops");
            }

            yield return cluster;
            var next = Entry(cluster);
            if (IsEndOfChain(next))
            {
                yield break;
            }

            if (next == 0 || IsBad(next))
            {
                throw new InvalidDiskImageException($"the cluster chain of '{path}' runs into a {(next == 0 ? "free" : "bad")} cluster after cluster {cluster}");
            }

            cluster = next;
        }
    }

    private bool IsValidCluster(uint cluster) => cluster >= 2 && cluster < ClusterCount + 2;

    private bool IsEndOfChain(uint value) => Type switch
    {
        FatType.Fat12 => value >= 0xFF8,
        FatType.Fat16 => value >= 0xFFF8,
        _ => value >= 0x0FFFFFF8,
    };

    private bool IsBad(uint value) => Type switch
    {
        FatType.Fat12 => value == 0xFF7,
        FatType.Fat16 => value == 0xFFF7,
        _ => value == 0x0FFFFFF7,
    };

    private uint Entry(long cluster)
    {
        var fatStart = (long)BootSector.ReservedSectors * SectorSize;
        switch (Type)
        {
            case FatType.Fat12:
                var at = cluster + (cluster / 2);
                var pair = (uint)(FatByte(fatStart + at) | (FatByte(fatStart + at + 1) << 8));
                return (cluster & 1) == 0 ? pair & 0xFFF : pair >> 4;
            case FatType.Fat16:
                return (uint)(FatByte(fatStart + (cluster * 2)) | (FatByte(fatStart + (cluster * 2) + 1) << 8));
            default:
                var b = fatStart + (cluster * 4);
                return (uint)(FatByte(b) | (FatByte(b + 1) << 8) | (FatByte(b + 2) << 16) | (FatByte(b + 3) << 24)) & 0x0FFFFFFF;
        }
    }

    private byte FatByte(long volumeOffset)
    {
        var sector = volumeOffset / SectorSize;
        if (!fatCache.TryGetValue(sector, out var bytes))
        {
            bytes = ReadBytes(sector * SectorSize, SectorSize);
            fatCache[sector] = bytes;
        }

        return bytes[volumeOffset % SectorSize];
    }

    /// <summary>
    /// What holds the byte at <paramref name="volumeOffset"/> from the volume's start: the boot sector,
    /// the reserved sectors, a FAT, the root directory, a directory or file (by path), or free space.
    /// </summary>
    public string WhatHolds(long volumeOffset)
    {
        var b = BootSector;
        var fatStart = (long)b.ReservedSectors * SectorSize;
        var fatBytes = (long)b.FatSectors * SectorSize;
        var dataStart = FirstDataSector * SectorSize;
        if (volumeOffset < SectorSize)
        {
            return "the boot sector";
        }

        if (volumeOffset < fatStart)
        {
            return "the reserved sectors";
        }

        if (volumeOffset < fatStart + (b.FatCount * fatBytes))
        {
            return $"FAT {((volumeOffset - fatStart) / fatBytes) + 1}";
        }

        if (volumeOffset < dataStart)
        {
            return "the root directory";
        }

        var cluster = 2 + ((volumeOffset - dataStart) / ClusterSize);
        if (cluster > ClusterCount + 1)
        {
            return "the sectors after the last cluster";
        }

        try
        {
            if (Type == FatType.Fat32 && Chain(b.RootCluster, "/").Contains((uint)cluster))
            {
                return "the root directory";
            }

            foreach (var (path, item) in Walk())
            {
                if (item.FirstCluster != 0 && Chain(item.FirstCluster, path).Contains((uint)cluster))
                {
                    return item.IsDirectory ? $"the directory {path}" : path;
                }
            }
        }
        catch (InvalidDiskImageException ex)
        {
            return $"cluster {cluster} (the directories cannot be read: {ex.Message})";
        }

        return $"free space (cluster {cluster})";
    }

    /// <summary>The byte offset, from the volume's start, of the first byte of <paramref name="cluster"/>.</summary>
    public long DataOffset(uint cluster) => IsValidCluster(cluster)
        ? ClusterOffset(cluster)
        : throw new InvalidDiskImageException($"cluster {cluster} is outside the volume's clusters 2 to {ClusterCount + 1}");

    private long ClusterOffset(long cluster) => (FirstDataSector + ((cluster - 2) * BootSector.SectorsPerCluster)) * SectorSize;

    private byte[] ReadBytes(long volumeOffset, int count)
    {
        var bytes = new byte[count];
        ReadInto(volumeOffset, bytes);
        return bytes;
    }

    private void ReadInto(long volumeOffset, Span<byte> buffer)
    {
        var position = offset + volumeOffset;
        if (position < 0 || position + buffer.Length > disk.Length)
        {
            throw new InvalidDiskImageException($"the volume refers to bytes at {new ByteSize(position).ToOffsetString()}, past the end of the image");
        }

        disk.Position = position;
        disk.ReadExactly(buffer);
    }

    private sealed record DirectoryLocation(uint FirstCluster, long FixedOffset, int FixedEntries, string Path)
    {
        public static DirectoryLocation Cluster(uint first, string path) => new(first, 0, 0, path);
    }
}
