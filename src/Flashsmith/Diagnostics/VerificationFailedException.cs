namespace Flashsmith.Diagnostics;

/// <summary>A signature, seal or checksum does not hold: exit code 4. Each line names what failed and where.</summary>
public sealed class VerificationFailedException : FlashsmithException
{
    public VerificationFailedException(string message)
        : this([message])
    {
    }

    public VerificationFailedException(IReadOnlyList<string> messages)
        : base(messages.Count > 0 ? messages[0] : "verification failed")
    {
        Messages = messages;
    }

    public IReadOnlyList<string> Messages { get; }

    public override IReadOnlyList<string> Lines => [.. Messages.Select(m => $"error: {m}")];
}
