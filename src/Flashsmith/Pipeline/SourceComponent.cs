using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// A folder of C and assembly sources that links into one image, with its flags (the recipe's flags,
/// include folders and defines) and its toolchain preset (null: the build's); equal components are built
/// once for all targets.
/// </summary>
public sealed record SourceComponent(string SourceFolder, ImageKind Kind, IReadOnlyList<string> Flags, string? Preset = null)
{
    public string Key => string.Join('\0', [SourceFolder, Kind.ToString(), Preset ?? string.Empty, .. Flags]);
}
