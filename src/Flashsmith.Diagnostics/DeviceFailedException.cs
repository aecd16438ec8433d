namespace Flashsmith.Diagnostics;

/// <summary>
/// A device, or the disk under an output, failed, filled up or was refused: exit code 5. Each line names
/// the device or path, what failed and what to do.
/// </summary>
public class DeviceFailedException : FlashsmithException
{
    public DeviceFailedException(DiagnosticCode code, string message)
        : this(code, [message])
    {
    }

    public DeviceFailedException(DiagnosticCode code, IReadOnlyList<string> messages)
        : base([.. messages.Select(m => new Diagnostic(code, m))], "a device failed")
    {
    }

    /// <summary>The messages, without their codes.</summary>
    public IReadOnlyList<string> Messages => [.. Problems.Select(p => p.Message)];
}
