namespace Flashsmith.Payloads;

/// <summary>The file type bits of a cpio member's mode (<c>S_IFMT</c>), with the values every Unix gives them.</summary>
public enum CpioFileType : uint
{
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    RegularFile = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}
