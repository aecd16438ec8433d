using Flashsmith.Diagnostics;
namespace Flashsmith.Provisioning;

/// <summary>Whether a key may be written to a target: <c>ok</c>, or every reason it may not.</summary>
public sealed record SafetyVerdict(ProvisionTarget Target, IReadOnlyList<RefusalReason> Reasons)
{
    public bool IsOk => Reasons.Count == 0;

    /// <summary>"ok", or the reasons' phrases: "system disk, mounted, fixed disk".</summary>
    public string Summary => IsOk ? "ok" : string.Join(", ", Reasons.Select(r => r.Phrase));

    public bool Has(RefusalKind kind) => Reasons.Any(r => r.Kind == kind);

    /// <summary>Throws a <see cref="DeviceFailedException"/> (exit 5) with every reason, unless the verdict is ok.</summary>
    public void ThrowIfRefused()
    {
        if (!IsOk)
        {
            throw new DeviceFailedException(DiagnosticCodes.DeviceRefused, [.. Reasons.Select(r => r.Message)]);
        }
    }
}
