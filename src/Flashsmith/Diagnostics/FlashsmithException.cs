namespace Flashsmith.Diagnostics;

/// <summary>
/// A failure the user can act on. Each kind of failure is its own subclass; the command
/// line maps the kind to an exit code and prints <see cref="Lines"/> without a stack trace.
/// </summary>
public abstract class FlashsmithException(string message) : Exception(message)
{
    /// <summary>The lines to show, each a complete message.</summary>
    public abstract IReadOnlyList<string> Lines { get; }
}
