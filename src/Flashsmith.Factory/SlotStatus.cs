namespace Flashsmith.Provisioning;

/// <summary>What a station's slot shows.</summary>
public enum SlotStatus
{
    /// <summary>No key has been in the slot since the station started.</summary>
    Empty,

    Writing,

    Verifying,

    /// <summary>The key was written, verified and recorded ok: take it out.</summary>
    Done,

    /// <summary>The key failed or was refused, with the reason: take it out.</summary>
    Failed,

    /// <summary>The key was taken out; the slot shows how its last key ended.</summary>
    Removed,
}
