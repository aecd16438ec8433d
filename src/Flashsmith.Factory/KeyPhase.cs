namespace Flashsmith.Provisioning;

/// <summary>Where a key's write is.</summary>
public enum KeyPhase
{
    Waiting,
    Writing,
    Flushing,
    Verifying,
    Done,
    Failed,
}
