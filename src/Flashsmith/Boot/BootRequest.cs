namespace Flashsmith.Boot;

/// <summary>
/// What to boot and how: <see cref="Disk"/> (an image file or a key) as a SATA disk or a USB stick, with
/// Secure Boot and an enrolled variable store, with a TPM or not, on a snapshot unless <see cref="Persist"/> is set.
/// </summary>
public sealed record BootRequest(string Disk)
{
    public bool Usb { get; init; }

    public bool SecureBoot { get; init; }

    /// <summary>The OVMF variable store to start from (a copy is used unless <see cref="KeepVars"/>); the firmware's blank store when null.</summary>
    public string? Vars { get; init; }

    /// <summary>Writes made during the boot (bank state) stay on the disk.</summary>
    public bool Persist { get; init; }

    /// <summary>The boot writes into <see cref="Vars"/> itself, so that what it stores there (enrolled keys) stays.</summary>
    public bool KeepVars { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The machine's memory: enough for our core by default; Xen and a Linux dom0 want 1 GiB.</summary>
    public Flashsmith.Disk.ByteSize Memory { get; init; } = DefaultMemory;

    public static readonly Flashsmith.Disk.ByteSize DefaultMemory = Flashsmith.Disk.ByteSize.FromMiB(256);

    /// <summary>The least memory a boot is given: room for the firmware and a core.</summary>
    public static readonly Flashsmith.Disk.ByteSize MinMemory = Flashsmith.Disk.ByteSize.FromMiB(64);

    /// <summary>The most memory a boot is given: more than a hypervisor under test needs, so that a slip (16TiB) is refused before QEMU asks the host for it.</summary>
    public static readonly Flashsmith.Disk.ByteSize MaxMemory = Flashsmith.Disk.ByteSize.FromMiB(16 * 1024);

    /// <summary>Memory is given in whole MiB, the unit of QEMU's -m.</summary>
    public static readonly Flashsmith.Disk.ByteSize MemoryUnit = Flashsmith.Disk.ByteSize.FromMiB(1);

    /// <summary>The console lines that end the boot; when null, those of the bank the loader boots next, as its manifest gives them.</summary>
    public BootPatterns? Patterns { get; init; }

    /// <summary>Gives the machine a TPM 2.0 (<see cref="SoftwareTpm"/>, a <c>tpm-crb</c> device), fresh for this boot.</summary>
    public bool Tpm { get; init; }

    /// <summary>More QEMU arguments (devices), after the disk.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
