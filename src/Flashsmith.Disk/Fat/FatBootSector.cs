using System.Buffers.Binary;
using System.Text;

namespace Flashsmith.Disk.Fat;

/// <summary>The boot sector and BIOS parameter block of a FAT volume (Microsoft FAT specification, section 3).</summary>
public readonly record struct FatBootSector(
    string OemName,
    int BytesPerSector,
    int SectorsPerCluster,
    int ReservedSectors,
    int FatCount,
    int RootEntryCount,
    long TotalSectors,
    byte Media,
    long FatSectors,
    uint HiddenSectors,
    uint RootCluster,
    int FsInfoSector,
    int BackupBootSector,
    uint VolumeSerial,
    string VolumeLabel,
    string FileSystemType,
    bool IsFat32Layout,
    bool HasSignature)
{
    public const int Size = 512;

    public static FatBootSector Create(FatGeometry geometry, uint hiddenSectors, uint serial, string label)
    {
        var fat32 = geometry.Type == FatType.Fat32;
        return new FatBootSector(
            "MSWIN4.1",
            FatGeometry.SectorSize,
            geometry.SectorsPerCluster,
            geometry.ReservedSectors,
            geometry.FatCount,
            geometry.RootEntryCount,
            geometry.TotalSectors,
            0xF8,
            geometry.FatSectors,
            hiddenSectors,
            fat32 ? 2u : 0u,
            fat32 ? 1 : 0,
            fat32 ? 6 : 0,
            serial,
            label,
            geometry.Type switch { FatType.Fat12 => "FAT12", FatType.Fat16 => "FAT16", _ => "FAT32" },
            fat32,
            true);
    }

    public static FatBootSector Read(ReadOnlySpan<byte> s)
    {
        var fatSz16 = BinaryPrimitives.ReadUInt16LittleEndian(s[22..]);
        var fat32 = fatSz16 == 0;
        var extended = fat32 ? s[64..] : s[36..];
        var totSec16 = BinaryPrimitives.ReadUInt16LittleEndian(s[19..]);
        return new FatBootSector(
            Encoding.ASCII.GetString(s.Slice(3, 8)),
            BinaryPrimitives.ReadUInt16LittleEndian(s[11..]),
            s[13],
            BinaryPrimitives.ReadUInt16LittleEndian(s[14..]),
            s[16],
            BinaryPrimitives.ReadUInt16LittleEndian(s[17..]),
            totSec16 != 0 ? totSec16 : BinaryPrimitives.ReadUInt32LittleEndian(s[32..]),
            s[21],
            fat32 ? BinaryPrimitives.ReadUInt32LittleEndian(s[36..]) : fatSz16,
            BinaryPrimitives.ReadUInt32LittleEndian(s[28..]),
            fat32 ? BinaryPrimitives.ReadUInt32LittleEndian(s[44..]) : 0,
            fat32 ? BinaryPrimitives.ReadUInt16LittleEndian(s[48..]) : 0,
            fat32 ? BinaryPrimitives.ReadUInt16LittleEndian(s[50..]) : 0,
            BinaryPrimitives.ReadUInt32LittleEndian(extended[3..]),
            Encoding.ASCII.GetString(extended.Slice(7, 11)).TrimEnd(' '),
            Encoding.ASCII.GetString(extended.Slice(18, 8)).TrimEnd(' '),
            fat32,
            s[510] == 0x55 && s[511] == 0xAA);
    }

    public void Write(Span<byte> s)
    {
        s[..Size].Clear();
        s[0] = 0xEB;
        s[1] = (byte)(IsFat32Layout ? 0x58 : 0x3C);
        s[2] = 0x90;
        Pad(OemName, 8).CopyTo(s[3..]);
        BinaryPrimitives.WriteUInt16LittleEndian(s[11..], (ushort)BytesPerSector);
        s[13] = (byte)SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], (ushort)ReservedSectors);
        s[16] = (byte)FatCount;
        BinaryPrimitives.WriteUInt16LittleEndian(s[17..], (ushort)RootEntryCount);
        if (TotalSectors < 0x10000 && !IsFat32Layout)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[19..], (ushort)TotalSectors);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[32..], (uint)TotalSectors);
        }

        s[21] = Media;
        BinaryPrimitives.WriteUInt16LittleEndian(s[24..], 63);
        BinaryPrimitives.WriteUInt16LittleEndian(s[26..], 255);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], HiddenSectors);
        Span<byte> extended;
        int bootCode;
        if (IsFat32Layout)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[36..], (uint)FatSectors);
            BinaryPrimitives.WriteUInt32LittleEndian(s[44..], RootCluster);
            BinaryPrimitives.WriteUInt16LittleEndian(s[48..], (ushort)FsInfoSector);
            BinaryPrimitives.WriteUInt16LittleEndian(s[50..], (ushort)BackupBootSector);
            extended = s[64..];
            bootCode = 90;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[22..], (ushort)FatSectors);
            extended = s[36..];
            bootCode = 62;
        }

        extended[0] = 0x80;
        extended[2] = 0x29;
        BinaryPrimitives.WriteUInt32LittleEndian(extended[3..], VolumeSerial);
        Pad(VolumeLabel.Length == 0 ? "NO NAME" : VolumeLabel, 11).CopyTo(extended[7..]);
        Pad(FileSystemType, 8).CopyTo(extended[18..]);

        // Not a boot disk for a BIOS: ask it to try the next device (int 18h), else halt.
        ReadOnlySpan<byte> stub = [0xCD, 0x18, 0xF4, 0xEB, 0xFD];
        stub.CopyTo(s[bootCode..]);
        s[510] = 0x55;
        s[511] = 0xAA;
    }

    private static byte[] Pad(string text, int length) => Encoding.ASCII.GetBytes(text.PadRight(length)[..length]);
}
