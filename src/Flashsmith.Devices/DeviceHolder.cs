namespace Flashsmith.Devices;

/// <summary>
/// A device-mapper or md device built on a disk or one of its partitions (<c>sdb2</c> held by
/// <c>dm-0 (cryptdata)</c>); writing under it would corrupt it even when nothing is mounted.
/// </summary>
public sealed record DeviceHolder(string Device, string Holder);
