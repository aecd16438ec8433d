namespace Flashsmith.Disk.Fat;

/// <summary>
/// Where the regions of a FAT volume lie, in sectors: reserved sectors, FAT copies, the FAT12/16
/// root directory and the data clusters. Computed once, before anything is written.
/// </summary>
public sealed record FatGeometry(
    FatType Type,
    long TotalSectors,
    int SectorsPerCluster,
    int ReservedSectors,
    int FatCount,
    long FatSectors,
    int RootEntryCount,
    long ClusterCount)
{
    public const int SectorSize = Lba.SectorSize;
    public const int MaxFat12Clusters = 4084;
    public const int MaxFat16Clusters = 65524;
    public const long MaxFat32Clusters = 0x0FFFFFF5 - 2;

    /// <summary>Below this many sectors the specification requires FAT12; above 512 MiB it recommends FAT32.</summary>
    private const long Fat16MinSectors = 8400;
    private const long Fat32MinSectors = 1024 * 1024;

    public int ClusterSize => SectorsPerCluster * SectorSize;

    public long RootDirSectors => ((RootEntryCount * 32) + SectorSize - 1) / SectorSize;

    public long FirstFatSector => ReservedSectors;

    public long RootDirSector => ReservedSectors + (FatCount * FatSectors);

    public long FirstDataSector => RootDirSector + RootDirSectors;

    /// <summary>Bytes taken by everything but data clusters: reserved sectors, FATs, the fixed root directory, and the unusable tail.</summary>
    public long OverheadBytes => (TotalSectors * SectorSize) - (ClusterCount * ClusterSize);

    public long ClusterOffset(long cluster) => (FirstDataSector + ((cluster - 2) * SectorsPerCluster)) * SectorSize;

    /// <summary>Chooses the type (unless forced) and the smallest cluster size that gives a legal cluster count.</summary>
    public static FatGeometry Choose(long totalSectors, FatType? forced, string volumeName)
    {
        FatType[] candidates = forced is { } type
            ? [type]
            : totalSectors < Fat16MinSectors ? [FatType.Fat12, FatType.Fat16]
            : totalSectors < Fat32MinSectors ? [FatType.Fat16, FatType.Fat32]
            : [FatType.Fat32];
        foreach (var candidate in candidates)
        {
            for (var spc = FirstClusterSize(candidate, totalSectors); spc <= 64; spc *= 2)
            {
                var geometry = TryLayout(candidate, totalSectors, spc);
                if (geometry is not null)
                {
                    return geometry;
                }
            }
        }

        var size = new ByteSize(totalSectors * SectorSize);
        throw new DiskFormatException(forced is { } f
            ? $"partition '{volumeName}' of {size} cannot hold {f.ToString().ToUpperInvariant()}: {Requirement(f)}"
            : $"partition '{volumeName}' of {size} is too small for any FAT file system");
    }

    private static string Requirement(FatType type) => type switch
    {
        FatType.Fat12 => $"FAT12 has at most {MaxFat12Clusters} clusters of at most 32 KiB",
        FatType.Fat16 => $"FAT16 needs {MaxFat12Clusters + 1} to {MaxFat16Clusters} clusters of 512 bytes to 32 KiB",
        _ => $"FAT32 needs at least {MaxFat16Clusters + 1} clusters of at least 512 bytes",
    };

    private static int FirstClusterSize(FatType type, long totalSectors)
    {
        if (type != FatType.Fat32)
        {
            return 1;
        }

        // The specification's table for FAT32: 4 KiB clusters up to 8 GiB, then larger.
        const long GiB = 1024 * 1024 * 2;
        return totalSectors switch
        {
            <= 532480 => 1,
            <= 8 * GiB => 8,
            <= 16 * GiB => 16,
            <= 32 * GiB => 32,
            _ => 64,
        };
    }

    private static FatGeometry? TryLayout(FatType type, long totalSectors, int spc)
    {
        var reserved = type == FatType.Fat32 ? 32 : 1;
        var rootEntries = type == FatType.Fat32 ? 0 : 512;
        var rootSectors = ((rootEntries * 32) + SectorSize - 1) / SectorSize;
        long fatSectors = 1;
        long clusters = 0;
        for (var i = 0; i < 64; i++)
        {
            var data = totalSectors - reserved - (2 * fatSectors) - rootSectors;
            if (data < spc)
            {
                return null;
            }

            clusters = data / spc;
            var fatBytes = type switch
            {
                FatType.Fat12 => ((clusters + 2) * 3 + 1) / 2,
                FatType.Fat16 => (clusters + 2) * 2,
                _ => (clusters + 2) * 4,
            };
            var needed = (fatBytes + SectorSize - 1) / SectorSize;
            if (needed <= fatSectors)
            {
                break;
            }

            fatSectors = needed;
        }

        var fits = type switch
        {
            FatType.Fat12 => clusters is >= 1 and <= MaxFat12Clusters,
            FatType.Fat16 => clusters is > MaxFat12Clusters and <= MaxFat16Clusters,
            _ => clusters is > MaxFat16Clusters and <= MaxFat32Clusters,
        };
        return fits ? new FatGeometry(type, totalSectors, spc, reserved, 2, fatSectors, rootEntries, clusters) : null;
    }
}
