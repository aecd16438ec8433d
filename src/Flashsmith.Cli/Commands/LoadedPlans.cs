using Flashsmith.Diagnostics;
using Flashsmith.Planning;

namespace Flashsmith.Cli.Commands;

/// <summary>The plans of several recipe files, and every problem of those that failed, in file, line and column order.</summary>
public sealed record LoadedPlans(IReadOnlyList<(string File, BuildPlan Plan)> Plans, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Messages)
{
    public bool HasErrors => Diagnostics.Count > 0 || Messages.Count > 0;

    /// <summary>All the problems as one exception, with <paramref name="more"/> problems of the caller's after the positioned ones.</summary>
    public BadInputException Failure(params string[] more) => new(Diagnostics, [.. more, .. Messages]);
}
