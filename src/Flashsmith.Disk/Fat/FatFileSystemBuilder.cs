using System.Text;

namespace Flashsmith.Disk.Fat;

/// <summary>
/// Builds a FAT12, FAT16 or FAT32 volume from a tree of files. Everything is laid out first
/// (geometry, short names, clusters, directory bytes), then returned as extents to write, so
/// nothing is written for free space. Directories are written in ordinal name order and
/// clusters are handed out in that order: the same tree always gives the same bytes.
/// </summary>
public sealed class FatFileSystemBuilder(FatVolumeOptions options)
{
    private readonly Node root = new(string.Empty, "/", null, FatAttributes.Directory);

    /// <summary>Adds a directory and any missing parents; "/" separates names.</summary>
    public void AddDirectory(string path) => Resolve(path, createMissing: true, asFile: false);

    /// <summary>Adds a file, creating missing parent directories.</summary>
    public void AddFile(string path, DataSource content, FatAttributes attributes = FatAttributes.Archive)
    {
        if (content.Length > uint.MaxValue)
        {
            throw new DiskFormatException($"partition '{options.Name}': '{path}' is {new ByteSize(content.Length)}; a FAT file holds at most 4 GiB - 1 byte");
        }

        var node = Resolve(path, createMissing: true, asFile: true);
        node.Content = content;
        node.Attributes = attributes & ~FatAttributes.Directory;
    }

    public FatVolumeLayout Build()
    {
        var geometry = FatGeometry.Choose(options.Size.Bytes / FatGeometry.SectorSize, options.Type, options.Name);
        var stamp = DosTime.From(options.Timestamp);
        AssignShortNames(root);
        var allocator = new ClusterAllocator(geometry, options.Name);
        if (geometry.Type == FatType.Fat32)
        {
            root.FirstCluster = allocator.Allocate(DirectoryBytes(root), "/");
        }
        else if (EntryCount(root) > geometry.RootEntryCount)
        {
            throw new VolumeFullException($"partition '{options.Name}': the root directory needs {EntryCount(root)} entries; {geometry.Type.ToString().ToUpperInvariant()} holds {geometry.RootEntryCount}");
        }

        var placements = new List<FatFilePlacement>();
        Allocate(root, allocator, placements);

        var extents = new List<DiskExtent>();
        var boot = new byte[FatBootSector.Size];
        FatBootSector.Create(geometry, options.HiddenSectors, options.Serial, options.Label).Write(boot);
        extents.Add(DiskExtent.Of(0, boot));
        if (geometry.Type == FatType.Fat32)
        {
            var info = new byte[FsInfoSector.Size];
            var free = (uint)(geometry.ClusterCount - allocator.Used);
            new FsInfoSector(free, (uint)allocator.Next).Write(info);
            extents.Add(DiskExtent.Of(FatGeometry.SectorSize, info));
            extents.Add(DiskExtent.Of(6L * FatGeometry.SectorSize, boot));
            extents.Add(DiskExtent.Of(7L * FatGeometry.SectorSize, info));
        }

        // Every FAT is written whole, free entries included, so that a device that held other data
        // before gets a clean table when only the mapped blocks are written to it.
        var fat = allocator.FatBytes();
        var fatBytes = geometry.FatSectors * FatGeometry.SectorSize;
        for (var i = 0; i < geometry.FatCount; i++)
        {
            var offset = (geometry.FirstFatSector + (i * geometry.FatSectors)) * FatGeometry.SectorSize;
            extents.Add(DiskExtent.Of(offset, fat));
            if (fatBytes > fat.Length)
            {
                extents.Add(new DiskExtent(offset + fat.Length, DataSource.Zeros(fatBytes - fat.Length)));
            }
        }

        WriteDirectories(root, null, geometry, stamp, extents);
        return new FatVolumeLayout(geometry, extents.OrderBy(e => e.Offset).ToList(), placements, allocator.Used, options.HiddenSectors);
    }

    private Node Resolve(string path, bool createMissing, bool asFile)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            if (asFile)
            {
                throw new DiskFormatException($"partition '{options.Name}': '{path}' is not a file path");
            }

            return root;
        }

        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i];
            var soFar = "/" + string.Join('/', parts.Take(i + 1));
            if (FatNames.Problem(name) is { } problem)
            {
                throw new DiskFormatException($"partition '{options.Name}': '{soFar}' cannot be stored on FAT: the name {problem}");
            }

            var last = i == parts.Length - 1;
            if (node.Children.TryGetValue(name, out var child))
            {
                if (last && asFile)
                {
                    throw new DiskFormatException($"partition '{options.Name}': '{soFar}' is added twice");
                }

                if (!child.IsDirectory)
                {
                    throw new DiskFormatException($"partition '{options.Name}': '{soFar}' is a file, so it cannot hold '{path}'");
                }

                node = child;
                continue;
            }

            var clash = node.Children.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                throw new DiskFormatException($"partition '{options.Name}': '{soFar}' and '{node.Path.TrimEnd('/')}/{clash}' differ only in case, which FAT cannot tell apart");
            }

            if (!createMissing)
            {
                throw new DiskFormatException($"partition '{options.Name}': '{soFar}' does not exist");
            }

            child = new Node(name, soFar, node, last && asFile ? FatAttributes.Archive : FatAttributes.Directory);
            node.Children.Add(name, child);
            node = child;
        }

        return node;
    }

    private static void AssignShortNames(Node directory)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".", ".." };
        foreach (var child in directory.Children.Values)
        {
            child.ShortName = FatNames.ShortNameFor(child.Name, taken, out var needsLongName);
            child.NeedsLongName = needsLongName;
            if (child.IsDirectory)
            {
                AssignShortNames(child);
            }
        }
    }

    private static int EntryCount(Node directory)
    {
        var count = directory.Parent is null ? 1 : 2;
        foreach (var child in directory.Children.Values)
        {
            count += 1 + (child.NeedsLongName ? (child.Name.Length + LongNameEntry.CharactersPerEntry - 1) / LongNameEntry.CharactersPerEntry : 0);
        }

        return count;
    }

    private static long DirectoryBytes(Node directory) => (long)EntryCount(directory) * DirectoryEntry.Size;

    private static void Allocate(Node directory, ClusterAllocator allocator, List<FatFilePlacement> placements)
    {
        foreach (var child in directory.Children.Values)
        {
            if (child.IsDirectory)
            {
                var bytes = DirectoryBytes(child);
                child.FirstCluster = allocator.Allocate(bytes, child.Path);
                placements.Add(new FatFilePlacement(child.Path, true, child.FirstCluster, bytes, allocator.AllocatedBytes(bytes)));
                Allocate(child, allocator, placements);
            }
            else
            {
                var length = child.Content!.Length;
                child.FirstCluster = length == 0 ? 0 : allocator.Allocate(length, child.Path);
                placements.Add(new FatFilePlacement(child.Path, false, child.FirstCluster, length, allocator.AllocatedBytes(length)));
            }
        }
    }

    private void WriteDirectories(Node directory, Node? parent, FatGeometry geometry, DosTime stamp, List<DiskExtent> extents)
    {
        // A directory is written over all the space it owns (the fixed root area, or its whole
        // clusters): the zeros after its last entry end the listing on any device.
        var fixedRoot = parent is null && geometry.Type != FatType.Fat32;
        var owned = fixedRoot
            ? geometry.RootDirSectors * FatGeometry.SectorSize
            : (DirectoryBytes(directory) + geometry.ClusterSize - 1) / geometry.ClusterSize * geometry.ClusterSize;
        var bytes = new byte[owned];
        var index = 0;
        void Put(DirectoryEntry entry) => entry.Write(bytes.AsSpan(DirectoryEntry.Size * index++, DirectoryEntry.Size));

        if (parent is null)
        {
            var label = Encoding.ASCII.GetBytes((options.Label.Length == 0 ? "NO NAME" : options.Label).PadRight(11)[..11]);
            Put(new DirectoryEntry(label, FatAttributes.VolumeId, default, 0, stamp, 0, 0));
        }
        else
        {
            Put(new DirectoryEntry(Encoding.ASCII.GetBytes(".          "), FatAttributes.Directory, stamp, stamp.Date, stamp, directory.FirstCluster, 0));
            var up = parent.Parent is null ? 0u : parent.FirstCluster;
            Put(new DirectoryEntry(Encoding.ASCII.GetBytes("..         "), FatAttributes.Directory, stamp, stamp.Date, stamp, up, 0));
        }

        foreach (var child in directory.Children.Values)
        {
            if (child.NeedsLongName)
            {
                foreach (var part in LongNameEntry.For(child.Name, LongNameEntry.ChecksumOf(child.ShortName)))
                {
                    part.Write(bytes.AsSpan(DirectoryEntry.Size * index++, DirectoryEntry.Size));
                }
            }

            var size = child.IsDirectory ? 0u : (uint)child.Content!.Length;
            Put(new DirectoryEntry(child.ShortName, child.Attributes, stamp, stamp.Date, stamp, child.FirstCluster, size));
            if (!child.IsDirectory && size > 0)
            {
                extents.Add(new DiskExtent(geometry.ClusterOffset(child.FirstCluster), child.Content!));
            }
        }

        var offset = fixedRoot
            ? geometry.RootDirSector * FatGeometry.SectorSize
            : geometry.ClusterOffset(directory.FirstCluster);
        extents.Add(DiskExtent.Of(offset, bytes));
        foreach (var child in directory.Children.Values.Where(c => c.IsDirectory))
        {
            WriteDirectories(child, directory, geometry, stamp, extents);
        }
    }

    private sealed class Node(string name, string path, Node? parent, FatAttributes attributes)
    {
        public string Name { get; } = name;

        public string Path { get; } = path;

        public Node? Parent { get; } = parent;

        public FatAttributes Attributes { get; set; } = attributes;

        public bool IsDirectory => (Attributes & FatAttributes.Directory) != 0;

        public SortedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public DataSource? Content { get; set; }

        public byte[] ShortName { get; set; } = [];

        public bool NeedsLongName { get; set; }

        public uint FirstCluster { get; set; }
    }
}
