namespace Flashsmith.Reproducibility;

/// <summary>
/// What to reproduce: the project, the files it is built from (relative to the project), the build
/// arguments with project paths relative to the copy (what follows <c>build</c>: recipe, target, key,
/// release), how to start flashsmith itself, a published folder to compare with instead of a second
/// build, whether to keep the workspaces, the caller's environment, and the variables every build is given
/// (the epoch a release folder's provenance records). <see cref="ReproducePlanner"/> makes it from the plans.
/// </summary>
public sealed record ReproduceRequest(
    string ProjectRoot,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> BuildArguments,
    IReadOnlyList<string> Flashsmith,
    string? Against,
    bool Keep,
    Func<string, string?> Environment,
    IReadOnlyDictionary<string, string>? BuildVariables = null);
