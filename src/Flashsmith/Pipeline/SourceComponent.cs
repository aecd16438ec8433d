using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>A folder of C sources that links into one UEFI image; equal components are built once for all targets.</summary>
public sealed record SourceComponent(string SourceFolder, ImageKind Kind, IReadOnlyList<string> Flags)
{
    public string Key => string.Join('\0', [SourceFolder, Kind.ToString(), .. Flags]);
}
