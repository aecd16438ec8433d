namespace Flashsmith.Diagnostics;

/// <summary>The input (a recipe, an argument, a file) is wrong; every problem found is attached.</summary>
public sealed class BadInputException : FlashsmithException
{
    public BadInputException(IReadOnlyList<Diagnostic> diagnostics)
        : this(diagnostics, [])
    {
    }

    /// <summary>Problems with positions, and problems without (a missing file named on the command line).</summary>
    public BadInputException(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> messages)
        : base(diagnostics.Count > 0 ? diagnostics[0].ToString() : messages.Count > 0 ? messages[0] : "bad input")
    {
        Diagnostics = diagnostics;
        Messages = messages;
    }

    /// <summary>For input that has no file position, such as a command-line argument.</summary>
    public BadInputException(string message)
        : base(message)
    {
        Diagnostics = [];
        Messages = [message];
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The problems that have no file position.</summary>
    public IReadOnlyList<string> Messages { get; }

    public override IReadOnlyList<string> Lines =>
        [.. Diagnostics.Select(d => d.ToString()), .. Messages.Select(m => $"error: {m}")];
}
