namespace Flashsmith.Boot;

/// <summary>How a boot under QEMU ended.</summary>
public enum BootOutcome
{
    /// <summary>The core printed THINVISOR READY.</summary>
    Ready,

    /// <summary>The core or the loader printed THINVISOR HALT.</summary>
    Halted,

    /// <summary>The firmware refused the boot (Secure Boot) or found nothing to start (it gave up, or started its shell): it would wait at a prompt for ever.</summary>
    Refused,

    /// <summary>Nothing of the above within the timeout.</summary>
    TimedOut,

    /// <summary>QEMU ended on its own before any of the above: a shutdown or a crash of the machine or of QEMU.</summary>
    Stopped,
}
