using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>Every file of the image by partition, unsigned, with the boot bank's boot.cfg among them.</summary>
public sealed record PackOutput(IReadOnlyList<PackedFile> Files, string BootConfig);
