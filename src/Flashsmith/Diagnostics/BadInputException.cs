namespace Flashsmith.Diagnostics;

/// <summary>The input (a recipe, an argument, a file) is wrong; every problem found is attached.</summary>
public sealed class BadInputException : FlashsmithException
{
    public BadInputException(IReadOnlyList<Diagnostic> diagnostics)
        : base(diagnostics.Count == 0 ? "bad input" : diagnostics[0].ToString())
    {
        Diagnostics = diagnostics;
    }

    /// <summary>For input that has no file position, such as a command-line argument.</summary>
    public BadInputException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public override IReadOnlyList<string> Lines =>
        Diagnostics.Count == 0 ? [$"error: {Message}"] : Diagnostics.Select(d => d.ToString()).ToList();
}
