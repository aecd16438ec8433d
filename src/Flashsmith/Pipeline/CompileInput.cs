namespace Flashsmith.Pipeline;

/// <summary>What the compile stage builds: distinct source components, with the toolchain preset, project root and cache.</summary>
public sealed record CompileInput(IReadOnlyList<SourceComponent> Components, string Toolchain, string ProjectRoot, string CacheFolder, int Jobs);
