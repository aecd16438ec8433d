using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// What the compile stage builds: distinct source components, with the toolchain preset, project root, cache and
/// the shared remote cache if any, and the machine's cache folder, which remembers tool versions (null: the build cache).
/// <see cref="Linked"/> is told of each component's image as soon as it is ready, built or fetched, while others may still compile.
/// </summary>
public sealed record CompileInput(
    IReadOnlyList<SourceComponent> Components,
    string Toolchain,
    string ProjectRoot,
    string CacheFolder,
    int Jobs,
    ISharedCache? Remote = null,
    string? MachineFolder = null,
    Action<SourceComponent, byte[]>? Linked = null);
