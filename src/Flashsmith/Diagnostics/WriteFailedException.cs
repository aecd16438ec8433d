namespace Flashsmith.Diagnostics;

/// <summary>
/// A disk failed under an output: it is full, or reading or writing it failed. Exit code 5; the line
/// names the path, what failed and the system's reason.
/// </summary>
public sealed class WriteFailedException(DiagnosticCode code, string message) : FlashsmithException([new Diagnostic(code, message)], message);
