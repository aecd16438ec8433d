namespace Flashsmith.Disk.Imaging;

/// <summary>A file or directory in a volume, by its full path.</summary>
public sealed record VolumeEntry(string Path, bool IsDirectory, long Size, DateTime? Written);
