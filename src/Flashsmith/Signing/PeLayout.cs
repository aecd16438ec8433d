using System.Buffers.Binary;

namespace Flashsmith.Signing;

/// <summary>
/// The parts of a PE/EFI image that Authenticode signing touches: where the checksum and the
/// certificate-table directory entry are, how long the headers are, and the sections' file ranges;
/// and what the image is for: its machine and its subsystem.
/// </summary>
public sealed record PeLayout(int ChecksumOffset, int CertificateDirectoryOffset, int SizeOfHeaders, IReadOnlyList<(int Offset, int Size)> Sections, int CertificateTableOffset, int CertificateTableSize, PeMachine Machine, PeSubsystem Subsystem)
{
    private const int CertificateDirectoryIndex = 4;

    /// <summary>Whether <paramref name="file"/> looks like a PE image at all: an MZ header that points at a PE signature. Nothing else is checked.</summary>
    public static bool IsPe(ReadOnlySpan<byte> file) => NotPe(file, out _) is null;

    /// <summary>Null when <paramref name="file"/> is an x86-64 EFI application (machine 0x8664, subsystem 10), else why not, in words.</summary>
    public static string? X64EfiApplicationProblem(ReadOnlySpan<byte> file)
    {
        PeLayout layout;
        try
        {
            layout = Read(file);
        }
        catch (InvalidPeImageException ex)
        {
            return $"the file is not a PE image: {ex.Message}";
        }

        if (layout.Machine != PeMachine.Amd64)
        {
            return $"machine 0x{(ushort)layout.Machine:x}{Named(Name(layout.Machine))}, not x86-64";
        }

        return layout.Subsystem == PeSubsystem.EfiApplication ? null : $"subsystem {(ushort)layout.Subsystem}{Named(Name(layout.Subsystem))}, not an EFI application";
    }

    public static PeLayout Read(ReadOnlySpan<byte> image)
    {
        if (NotPe(image, out var pe) is { } problem)
        {
            throw new InvalidPeImageException(problem);
        }

        var coff = pe + 4;
        var machine = (PeMachine)BinaryPrimitives.ReadUInt16LittleEndian(image[coff..]);
        var sections = BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 2)..]);
        var optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 16)..]);
        var optional = coff + 20;
        if (optional + optionalSize > image.Length || optionalSize < 96)
        {
            throw new InvalidPeImageException("the PE optional header runs past the end of the file");
        }

        var magic = BinaryPrimitives.ReadUInt16LittleEndian(image[optional..]);
        var directories = magic switch
        {
            0x20B => optional + 112,
            0x10B => optional + 96,
            _ => throw new InvalidPeImageException($"the PE optional header has the unknown magic 0x{magic:x4}"),
        };
        if (directories > optional + optionalSize)
        {
            throw new InvalidPeImageException($"the PE optional header is {optionalSize} bytes, too short for its magic 0x{magic:x4}, which needs {directories - optional}");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(image[(directories - 4)..]);
        if (count <= CertificateDirectoryIndex || directories + ((CertificateDirectoryIndex + 1) * 8) > optional + optionalSize)
        {
            throw new InvalidPeImageException("the PE image has no certificate table directory entry");
        }

        var certificateDirectory = directories + (CertificateDirectoryIndex * 8);
        var sizeOfHeaders = BinaryPrimitives.ReadInt32LittleEndian(image[(optional + 60)..]);
        var table = optional + optionalSize;
        var list = new List<(int, int)>();
        for (var i = 0; i < sections; i++)
        {
            var header = table + (i * 40);
            if (header + 40 > image.Length)
            {
                throw new InvalidPeImageException("the PE section table runs past the end of the file");
            }

            var size = BinaryPrimitives.ReadInt32LittleEndian(image[(header + 16)..]);
            var offset = BinaryPrimitives.ReadInt32LittleEndian(image[(header + 20)..]);
            if (size > 0)
            {
                if (offset < 0 || size < 0 || (long)offset + size > image.Length)
                {
                    throw new InvalidPeImageException($"PE section {i + 1} at file offset 0x{offset:x} with 0x{size:x} bytes runs past the end of the file");
                }

                list.Add((offset, size));
            }
        }

        if (sizeOfHeaders <= certificateDirectory || sizeOfHeaders > image.Length)
        {
            throw new InvalidPeImageException($"the PE headers claim 0x{sizeOfHeaders:x} bytes, which does not fit the file");
        }

        var tableOffset = BinaryPrimitives.ReadInt32LittleEndian(image[certificateDirectory..]);
        var tableSize = BinaryPrimitives.ReadInt32LittleEndian(image[(certificateDirectory + 4)..]);
        if (tableSize != 0 && (tableSize < 0 || tableOffset < sizeOfHeaders || (long)tableOffset + tableSize > image.Length))
        {
            throw new InvalidPeImageException($"the PE certificate table at 0x{tableOffset:x} with 0x{tableSize:x} bytes does not fit the file");
        }

        var subsystem = (PeSubsystem)BinaryPrimitives.ReadUInt16LittleEndian(image[(optional + 68)..]);
        return new PeLayout(optional + 64, certificateDirectory, sizeOfHeaders, list.OrderBy(s => s.Item1).ToList(), tableOffset, tableSize, machine, subsystem);
    }

    /// <summary>
    /// The Authenticode image hash: the headers without the checksum and the certificate-table entry,
    /// the sections in file order, then any data after them up to the certificate table.
    /// </summary>
    public byte[] AuthenticodeHash(ReadOnlySpan<byte> image)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(image[..ChecksumOffset]);
        hash.AppendData(image[(ChecksumOffset + 4)..CertificateDirectoryOffset]);
        hash.AppendData(image[(CertificateDirectoryOffset + 8)..SizeOfHeaders]);
        var end = SizeOfHeaders;
        foreach (var (offset, size) in Sections)
        {
            hash.AppendData(image.Slice(offset, size));
            end = Math.Max(end, offset + size);
        }

        var dataEnd = CertificateTableSize > 0 ? CertificateTableOffset : image.Length;
        if (dataEnd > end)
        {
            hash.AppendData(image[end..dataEnd]);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The PE checksum: 16-bit one's-complement-style sum of the file without its checksum field, plus the length.</summary>
    public uint ComputeChecksum(ReadOnlySpan<byte> image)
    {
        ulong sum = 0;
        for (var i = 0; i + 1 < image.Length; i += 2)
        {
            if (i == ChecksumOffset || i == ChecksumOffset + 2)
            {
                continue;
            }

            sum += BinaryPrimitives.ReadUInt16LittleEndian(image[i..]);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        if ((image.Length & 1) != 0)
        {
            sum += image[^1];
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        sum = (sum & 0xFFFF) + (sum >> 16);
        return (uint)(sum + (ulong)image.Length);
    }

    /// <summary>Null when the file starts with an MZ header that points at a PE signature (at <paramref name="pe"/>) and room for the COFF header; else what is missing.</summary>
    private static string? NotPe(ReadOnlySpan<byte> image, out int pe)
    {
        pe = 0;
        if (image.Length < 0x40 || image[0] != (byte)'M' || image[1] != (byte)'Z')
        {
            return "the file does not start with an MZ header";
        }

        pe = BinaryPrimitives.ReadInt32LittleEndian(image[0x3C..]);
        return pe < 0x40 || pe > image.Length - 24 || !image.Slice(pe, 4).SequenceEqual("PE\0\0"u8)
            ? "the file has no PE signature where its MZ header points"
            : null;
    }

    private static string Named(string? name) => name is null ? string.Empty : $" ({name})";

    private static string? Name(PeMachine machine) => machine switch
    {
        PeMachine.Unknown => "unknown",
        PeMachine.I386 => "i386",
        PeMachine.ArmThumb => "ARM Thumb",
        PeMachine.ArmThumb2 => "ARM Thumb-2",
        PeMachine.Itanium => "Itanium",
        PeMachine.EfiByteCode => "EFI byte code",
        PeMachine.RiscV64 => "RISC-V 64",
        PeMachine.LoongArch64 => "LoongArch64",
        PeMachine.Amd64 => "x86-64",
        PeMachine.Arm64 => "ARM64",
        _ => null,
    };

    private static string? Name(PeSubsystem subsystem) => subsystem switch
    {
        PeSubsystem.Unknown => "unknown",
        PeSubsystem.Native => "native",
        PeSubsystem.WindowsGui => "Windows GUI",
        PeSubsystem.WindowsConsole => "Windows console",
        PeSubsystem.Os2Console => "OS/2 console",
        PeSubsystem.PosixConsole => "POSIX console",
        PeSubsystem.WindowsCeGui => "Windows CE GUI",
        PeSubsystem.EfiApplication => "EFI application",
        PeSubsystem.EfiBootServiceDriver => "EFI boot service driver",
        PeSubsystem.EfiRuntimeDriver => "EFI runtime driver",
        PeSubsystem.EfiRom => "EFI ROM",
        PeSubsystem.Xbox => "Xbox",
        PeSubsystem.WindowsBootApplication => "Windows boot application",
        _ => null,
    };
}
