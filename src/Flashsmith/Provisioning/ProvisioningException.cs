using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// A device, or the disk under an output, failed, filled up or was refused: exit code 5. Each line
/// names the device or path and what to do.
/// </summary>
public class ProvisioningException : FlashsmithException
{
    public ProvisioningException(DiagnosticCode code, string message)
        : this(code, [message])
    {
    }

    public ProvisioningException(DiagnosticCode code, IReadOnlyList<string> messages)
        : base([.. messages.Select(m => new Diagnostic(code, m))], "provisioning failed")
    {
    }

    /// <summary>The messages, without their codes.</summary>
    public IReadOnlyList<string> Messages => [.. Problems.Select(p => p.Message)];
}
