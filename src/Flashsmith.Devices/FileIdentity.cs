namespace Flashsmith.Devices;

/// <summary>A file's device and inode: equal for two paths of the same file (hard links, bind mounts, symbolic links).</summary>
public readonly record struct FileIdentity(DeviceNumber Device, ulong Inode);
