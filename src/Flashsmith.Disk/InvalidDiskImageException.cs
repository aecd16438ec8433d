namespace Flashsmith.Disk;

/// <summary>An image being read is damaged or hostile; the message says what and where.</summary>
public sealed class InvalidDiskImageException(string message) : Exception(message);
