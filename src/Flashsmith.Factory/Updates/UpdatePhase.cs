namespace Flashsmith.Provisioning;

/// <summary>How far an update got; each phase is on the device (flushed) when it is reported.</summary>
public enum UpdatePhase
{
    /// <summary>The new image verified and the target was checked; nothing written yet.</summary>
    Checked,

    /// <summary>The target bank was marked invalid and its first blocks written.</summary>
    BankStarted,

    /// <summary>Half the bank's blocks are written.</summary>
    BankHalfWritten,

    /// <summary>Every block but boot.cfg's is written.</summary>
    FilesWritten,

    /// <summary>boot.cfg is written, still invalid (bootstate=3) and never finished (updated=0).</summary>
    BootConfigWritten,

    /// <summary>The loader was replaced, or found the same.</summary>
    LoaderWritten,

    /// <summary>boot.cfg says upgrading (bootstate=1) with its new updated=: the next boot tries the bank.</summary>
    Committed,
}
