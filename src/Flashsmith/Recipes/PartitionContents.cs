namespace Flashsmith.Recipes;

/// <summary>What the builder puts into a partition.</summary>
public enum PartitionContents
{
    /// <summary>Formatted and left empty (the spare boot bank, the per-unit partition).</summary>
    Empty,

    /// <summary>The core as the removable-media boot file /EFI/BOOT/BOOTX64.EFI.</summary>
    Core,

    /// <summary>boot.cfg, the manifest and the driver modules.</summary>
    Bootbank,
}
