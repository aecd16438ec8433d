using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// A device, or the disk under an output, failed, filled up or was refused: exit code 5. Each line
/// names the device or path and what to do.
/// </summary>
public class ProvisioningException : FlashsmithException
{
    public ProvisioningException(string message)
        : this([message])
    {
    }

    public ProvisioningException(IReadOnlyList<string> messages)
        : base(messages.Count > 0 ? messages[0] : "provisioning failed")
    {
        Messages = messages;
    }

    public IReadOnlyList<string> Messages { get; }

    public override IReadOnlyList<string> Lines => [.. Messages.Select(m => $"error: {m}")];
}
