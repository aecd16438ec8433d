namespace Flashsmith.Diagnostics;

/// <summary>
/// A failure the user can act on. Each kind of failure is its own subclass; the command
/// line maps the kind to an exit code and prints <see cref="Lines"/> without a stack trace.
/// </summary>
public abstract class FlashsmithException : Exception
{
    protected FlashsmithException(IReadOnlyList<Diagnostic> problems, string fallback)
        : base(problems.Count > 0 ? problems[0].Message : fallback)
    {
        Problems = problems;
    }

    /// <summary>Every problem, each with its code.</summary>
    public IReadOnlyList<Diagnostic> Problems { get; }

    /// <summary>The lines to show, each a complete message.</summary>
    public virtual IReadOnlyList<string> Lines => [.. Problems.Select(p => p.ToString())];
}
