namespace Flashsmith.Provisioning;

/// <summary>
/// What <c>provision</c> was asked to do. <see cref="Unit"/> names one unit for one device;
/// <see cref="Units"/> hands each device the next unit the log has not seen provisioned.
/// </summary>
public sealed record ProvisionRequest(
    string ImagePath,
    IReadOnlyList<string> Devices,
    string? CertificatePath,
    string ProjectRoot,
    UnitIdentity? Unit,
    UnitsFile? Units,
    bool Grow,
    IReadOnlyList<string> AllowFixed,
    string LogPath,
    string Station);
