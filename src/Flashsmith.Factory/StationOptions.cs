namespace Flashsmith.Provisioning;

/// <summary>What a station was asked to do: the image, the units, the slots it writes, and the log.</summary>
public sealed record StationOptions(
    string ImagePath,
    string? CertificatePath,
    string ProjectRoot,
    UnitsFile? Units,
    bool Grow,
    SlotPattern Slots,
    string LogPath,
    string Station,
    TimeSpan PollInterval);
