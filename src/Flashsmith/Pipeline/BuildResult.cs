namespace Flashsmith.Pipeline;

/// <summary>A whole build: every target's result and the compile stage's counts and warnings.</summary>
public sealed record BuildResult(IReadOnlyList<TargetResult> Targets, CompileOutput Compile);
