namespace Flashsmith.Disk.Imaging;

/// <summary>A run of mapped blocks, first and last inclusive, with the SHA-256 of their bytes.</summary>
public sealed record BlockRange(long First, long Last, string Sha256);
