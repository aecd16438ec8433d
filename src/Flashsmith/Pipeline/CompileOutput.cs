using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// The linked image of every component (by <see cref="SourceComponent.Key"/>), the toolchain used,
/// how much work was done and what the compiler warned about.
/// </summary>
public sealed record CompileOutput(
    IReadOnlyDictionary<string, byte[]> Images,
    Toolchain Toolchain,
    int Compiled,
    int Linked,
    int CachedObjects,
    IReadOnlyList<string> Warnings);
