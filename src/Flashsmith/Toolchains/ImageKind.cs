namespace Flashsmith.Toolchains;

/// <summary>What a linked image is: the core is a UEFI application, drivers are boot-service drivers, guests are flat 64-bit binaries.</summary>
public enum ImageKind
{
    Application,
    BootServiceDriver,
    FlatBinary,
}
