using Flashsmith.Disk;

namespace Flashsmith.Devices;

/// <summary>A partition the kernel knows on a disk: <c>sdb1</c>, its number, where it starts and its size.</summary>
public sealed record BlockPartition(string Name, string Path, DeviceNumber Number, int Index, ByteSize Start, ByteSize Size);
