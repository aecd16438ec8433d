using Flashsmith.Diagnostics;
using Flashsmith.Planning;

namespace Flashsmith.Cli.Commands;

/// <summary>The plans of several recipe files, and every problem of those that failed, in file, line and column order.</summary>
public sealed record LoadedPlans(IReadOnlyList<(string File, BuildPlan Plan)> Plans, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Count > 0;

    /// <summary>All the problems as one exception, with the caller's <paramref name="more"/> problems added.</summary>
    public BadInputException Failure(params Diagnostic[] more)
    {
        var all = new DiagnosticBag();
        all.AddRange(Diagnostics);
        all.AddRange(more);
        return new BadInputException(all.ToSortedList());
    }
}
