namespace Flashsmith.Signing;

/// <summary>A file that should be a PE/EFI image is not one, or is damaged.</summary>
public sealed class InvalidPeImageException(string message) : Exception(message);
