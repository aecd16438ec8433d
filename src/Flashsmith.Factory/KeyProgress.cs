namespace Flashsmith.Provisioning;

/// <summary>
/// How far a key's write is: the slot it sits in, its device, the unit it is for, its phase, and the
/// bytes of that phase done out of its total.
/// </summary>
public sealed record KeyProgress(string Slot, string Device, string? UnitSerial, KeyPhase Phase, long Done, long Total);
