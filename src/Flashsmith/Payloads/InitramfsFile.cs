using Flashsmith.Disk.Partitions;

namespace Flashsmith.Payloads;

/// <summary>An initramfs found in an image: the partition and path of its file, and its members in archive order.</summary>
public sealed record InitramfsFile(PartitionInfo Partition, string Path, IReadOnlyList<InitramfsEntry> Entries);
