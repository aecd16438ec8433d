namespace Flashsmith.Diagnostics;

/// <summary>The input (a recipe, an argument, a file) is wrong: exit code 2; every problem found is attached.</summary>
public sealed class BadInputException : FlashsmithException
{
    public BadInputException(IReadOnlyList<Diagnostic> diagnostics)
        : base(diagnostics, "bad input")
    {
    }

    /// <summary>For input that has no file position, such as a command-line argument.</summary>
    public BadInputException(DiagnosticCode code, string message)
        : this([new Diagnostic(code, message)])
    {
    }

    /// <summary>For several problems of one kind that have no file position.</summary>
    public BadInputException(DiagnosticCode code, IReadOnlyList<string> messages)
        : this([.. messages.Select(m => new Diagnostic(code, m))])
    {
    }
}
