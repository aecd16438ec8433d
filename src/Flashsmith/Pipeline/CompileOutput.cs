using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// The linked image of every component (by <see cref="SourceComponent.Key"/>), the build's toolchain (and those
/// of other presets that components named, such as the guests'),
/// how much work was done (compiled, linked, from the local cache, from the remote cache), what the
/// compiler and the remote cache warned about, and the files each component was made from (its sources
/// and every header they included, full paths).
/// </summary>
public sealed record CompileOutput(
    IReadOnlyDictionary<string, byte[]> Images,
    Toolchain Toolchain,
    int Compiled,
    int Linked,
    int CachedObjects,
    IReadOnlyList<string> Warnings,
    int RemoteObjects = 0,
    int RemoteImages = 0,
    RemoteCacheAddress? Remote = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Inputs = null,
    IReadOnlyList<Toolchain>? OtherToolchains = null)
{
    /// <summary>Every tool binary that built the images: the build's toolchain's, then those of the other presets used (the guests').</summary>
    public IReadOnlyList<string> Tools =>
    [
        Toolchain.Compiler, Toolchain.Linker,
        .. (OtherToolchains ?? []).SelectMany(t => new[] { t.Compiler, t.Linker, t.Converter }).OfType<string>().Where(t => t != Toolchain.Compiler).Distinct(StringComparer.Ordinal),
    ];
}
