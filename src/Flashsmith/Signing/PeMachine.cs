namespace Flashsmith.Signing;

/// <summary>The COFF header's Machine field: the processor a PE image's code is for.</summary>
public enum PeMachine : ushort
{
    Unknown = 0x0000,
    I386 = 0x014C,
    ArmThumb = 0x01C2,
    ArmThumb2 = 0x01C4,
    Itanium = 0x0200,
    EfiByteCode = 0x0EBC,
    RiscV64 = 0x5064,
    LoongArch64 = 0x6264,
    Amd64 = 0x8664,
    Arm64 = 0xAA64,
}
