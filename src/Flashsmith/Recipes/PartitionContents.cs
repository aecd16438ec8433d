namespace Flashsmith.Recipes;

/// <summary>What the builder puts into a partition.</summary>
public enum PartitionContents
{
    /// <summary>Formatted and left empty (the spare boot bank).</summary>
    Empty,

    /// <summary>The core as the removable-media boot file /EFI/BOOT/BOOTX64.EFI.</summary>
    Core,

    /// <summary>boot.cfg, the manifest and the driver modules.</summary>
    Bootbank,

    /// <summary>
    /// The per-unit partition: the key seal in the built image, the unit record (unit.json) on a
    /// provisioned key. It is the one partition a key may change, so checks of a key skip it.
    /// </summary>
    Unit,
}
