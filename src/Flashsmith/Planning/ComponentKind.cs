namespace Flashsmith.Planning;

/// <summary>What a component is to the image.</summary>
public enum ComponentKind
{
    /// <summary>The signed boot file on the ESP that picks the boot bank and starts its core.</summary>
    Loader,
    Core,
    Driver,

    /// <summary>A flat 64-bit binary in the boot bank that the core runs under SVM.</summary>
    Guest,

    /// <summary>A file that goes with the core (a kernel, an initramfs, configuration), taken, written or packed as the recipe says.</summary>
    File,
}
