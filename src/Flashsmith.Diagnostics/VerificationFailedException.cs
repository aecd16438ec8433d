namespace Flashsmith.Diagnostics;

/// <summary>A signature, seal or checksum does not hold: exit code 4. Each line names what failed and where.</summary>
public sealed class VerificationFailedException : FlashsmithException
{
    public VerificationFailedException(DiagnosticCode code, string message)
        : this(code, [message])
    {
    }

    public VerificationFailedException(DiagnosticCode code, IReadOnlyList<string> messages)
        : base([.. messages.Select(m => new Diagnostic(code, m))], "verification failed")
    {
    }
}
