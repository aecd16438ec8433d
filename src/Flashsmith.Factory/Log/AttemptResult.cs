namespace Flashsmith.Provisioning;

/// <summary>How a provisioning attempt ended, as the factory log records it.</summary>
public enum AttemptResult
{
    /// <summary>The key was written and verified.</summary>
    Ok,

    /// <summary>Writing or verifying the key failed.</summary>
    Failed,

    /// <summary>The attempt was refused before anything was written (an unsafe device, a taken serial).</summary>
    Refused,

    /// <summary>The run ended before it recorded a result: what every attempt is until it finishes.</summary>
    Interrupted,
}
