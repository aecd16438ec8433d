using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>
/// Every file of the image by partition as it goes onto the flash: signed, with the core sealed to the
/// manifest and the manifest among them; and who signed each component, by component name.
/// </summary>
public sealed record SignOutput(IReadOnlyList<PackedFile> Files, string Manifest, string BootConfig, IReadOnlyDictionary<string, SignatureInfo> Signers);
