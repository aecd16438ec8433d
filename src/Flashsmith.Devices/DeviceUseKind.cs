namespace Flashsmith.Devices;

/// <summary>How a disk is in use: a mounted file system, a swap device, or a file system holding a swap file.</summary>
public enum DeviceUseKind
{
    Mount,
    Swap,
    SwapFile,
}
