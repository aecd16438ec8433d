namespace Flashsmith.Provisioning;

/// <summary>How far a key's write is: its phase, and the bytes of that phase done out of its total.</summary>
public sealed record KeyProgress(string Device, KeyPhase Phase, long Done, long Total);
