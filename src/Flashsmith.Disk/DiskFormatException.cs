namespace Flashsmith.Disk;

/// <summary>What was asked of the disk writer cannot be done: a name FAT cannot hold, content that does not fit, a bad layout.</summary>
public sealed class DiskFormatException(string message) : Exception(message);
