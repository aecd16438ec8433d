namespace Flashsmith.Provisioning;

/// <summary>What <c>provision</c> did: the image it verified, against which certificate, and each device's outcome.</summary>
public sealed record ProvisionReport(VerifiedImage Image, string CertificateSubject, bool DevelopmentCertificate, string LogPath, IReadOnlyList<DeviceOutcome> Devices)
{
    public bool AllOk => Devices.All(d => d.Result == AttemptResult.Ok);
}
