namespace Flashsmith.Disk.Fat;

/// <summary>
/// How to format a FAT volume. <see cref="Name"/> is how messages name it (the partition name);
/// <see cref="HiddenSectors"/> is the volume's first sector on the disk.
/// </summary>
public sealed record FatVolumeOptions(
    string Name,
    ByteSize Size,
    FatType? Type,
    string Label,
    uint Serial,
    DateTimeOffset Timestamp,
    uint HiddenSectors = 0);
