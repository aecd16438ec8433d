using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Fuzz.Targets;

/// <summary>The disk layer's readers: partition tables, and FAT volumes walked, read and asked what holds a byte.</summary>
public static class DiskTargets
{
    /// <summary>The partition table (GPT with its backup, or MBR) of a <see cref="SparseDisk"/>.</summary>
    public static void PartitionTables(FuzzWorkspace workspace, byte[] input)
    {
        using var disk = SparseDisk.Read(input).OpenRead();
        var table = PartitionTable.Read(disk);
        foreach (var partition in table.Partitions)
        {
            _ = table.Find(partition.Name);
            _ = GuidPartitionTable.EntryOf(partition);
        }
    }

    /// <summary>A FAT volume (the whole <see cref="SparseDisk"/>): every directory walked, every file read, what holds each file's first byte.</summary>
    public static void FatVolume(FuzzWorkspace workspace, byte[] input)
    {
        using var disk = SparseDisk.Read(input).OpenRead();
        var fs = new FatFileSystem(disk, 0, disk.Length);
        _ = fs.FreeBytes;
        var entries = fs.Walk().ToList();
        foreach (var (path, item) in entries)
        {
            _ = fs.EntryOffset(path);
            if (item.IsDirectory)
            {
                _ = fs.Walk(path).Count();
            }
            else
            {
                fs.CopyFile(item, path, Stream.Null);
                if (item.FirstCluster != 0)
                {
                    _ = fs.WhatHolds(fs.DataOffset(item.FirstCluster));
                }
            }
        }

        _ = fs.WhatHolds(0);
        _ = fs.WhatHolds(fs.FirstDataSector * fs.SectorSize);
        _ = fs.WhatHolds(disk.Length - 1);
    }

    /// <summary>The refusals of the FAT reader: a damaged image, and a path that is not on the volume.</summary>
    public static bool FatRefuses(Exception ex) =>
        ex is InvalidDiskImageException or FileNotFoundException or DirectoryNotFoundException;
}
