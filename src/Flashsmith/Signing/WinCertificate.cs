using System.Buffers.Binary;

namespace Flashsmith.Signing;

/// <summary>The header of one entry of a PE image's certificate table: the entry's length (header included), its revision and what it holds.</summary>
public readonly record struct WinCertificate(uint Length, ushort Revision, ushort CertificateType)
{
    public const int Size = 8;

    /// <summary>WIN_CERT_REVISION_2_0, the revision Authenticode writes.</summary>
    public const ushort Revision2 = 0x0200;

    /// <summary>WIN_CERT_TYPE_PKCS_SIGNED_DATA: the entry holds a PKCS#7 SignedData, an Authenticode signature.</summary>
    public const ushort TypePkcsSignedData = 0x0002;

    /// <summary>Whether the entry holds an Authenticode signature as signers write it: a PKCS#7 SignedData, revision 2.0.</summary>
    public bool IsPkcsSignedData => Revision == Revision2 && CertificateType == TypePkcsSignedData;

    /// <summary>The length rounded up to 8 bytes: the next entry starts that far after this one.</summary>
    public long PaddedLength => (Length + 7L) & ~7L;

    public static WinCertificate Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]));

    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[4..], Revision);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[6..], CertificateType);
    }
}
