namespace Flashsmith.Toolchains;

/// <summary>What a linked UEFI image is: the core is an application, drivers are boot-service drivers.</summary>
public enum ImageKind
{
    Application,
    BootServiceDriver,
}
