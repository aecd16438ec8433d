namespace Flashsmith.Signing;

/// <summary>The optional header's Subsystem field: what runs a PE image (Windows, or UEFI firmware as an application or a driver).</summary>
public enum PeSubsystem : ushort
{
    Unknown = 0,
    Native = 1,
    WindowsGui = 2,
    WindowsConsole = 3,
    Os2Console = 5,
    PosixConsole = 7,
    WindowsCeGui = 9,
    EfiApplication = 10,
    EfiBootServiceDriver = 11,
    EfiRuntimeDriver = 12,
    EfiRom = 13,
    Xbox = 14,
    WindowsBootApplication = 16,
}
