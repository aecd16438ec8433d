using Flashsmith.Devices;

namespace Flashsmith.Provisioning;

/// <summary>What a key is written to: a whole disk, or a regular file standing in for one.</summary>
public enum ProvisionTargetKind
{
    BlockDevice,
    File,
}
