namespace Flashsmith.Disk;

/// <summary>Content does not fit its volume; the message names the file, the bytes needed and the bytes free.</summary>
public sealed class VolumeFullException(string message) : Exception(message);
