namespace Flashsmith.Pipeline;

/// <summary>Every file of the image, by partition, with the boot bank's manifest and boot.cfg among them.</summary>
public sealed record PackOutput(IReadOnlyList<PackedFile> Files, string Manifest, string BootConfig);
