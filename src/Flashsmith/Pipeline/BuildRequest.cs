using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>
/// What the build works from once its checks are passed: the plans and options, where progress goes, the source
/// components to compile and their toolchain, the project and its cache folder, the commit (asked of git while the
/// compilers run), the keys, what to do with each image as it is linked, and whether the output folder was made for
/// this build (so that a build that wrote nothing leaves none behind).
/// </summary>
internal sealed record BuildRequest(
    IReadOnlyList<BuildPlan> Plans,
    BuildOptions Options,
    IProgress<BuildProgress> Progress,
    IReadOnlyList<SourceComponent> Components,
    string Toolchain,
    string ProjectRoot,
    string CacheFolder,
    Task<string?> Revision,
    KeyRing Keys,
    Action<SourceComponent, byte[]> Linked,
    bool MadeOutputRoot);
