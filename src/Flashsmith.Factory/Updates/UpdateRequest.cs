namespace Flashsmith.Provisioning;

/// <summary>
/// An update: <see cref="NewImage"/>'s boot bank into the bank of <see cref="Target"/> (an image file, a key
/// file or a key device) that is not the newest valid one, checked against <see cref="CertificatePath"/>
/// (the development certificate when null).
/// </summary>
public sealed record UpdateRequest(string Target, string NewImage, string? CertificatePath, string ProjectRoot)
{
    public bool AllowDowngrade { get; init; }

    /// <summary>Fixed disks the operator named with --allow-fixed, as provision takes them.</summary>
    public IReadOnlyList<string> AllowFixed { get; init; } = [];
}
