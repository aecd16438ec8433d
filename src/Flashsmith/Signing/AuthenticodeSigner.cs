using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Signing;

/// <summary>
/// Signs PE/EFI images with Authenticode, as UEFI Secure Boot checks them: the image hash goes into
/// an SpcIndirectDataContent, which is signed and appended as a WIN_CERTIFICATE, and the certificate
/// table entry and the PE checksum are set to match.
/// </summary>
public static class AuthenticodeSigner
{
    private const ushort WinCertRevision = 0x0200;
    private const ushort WinCertTypePkcsSignedData = 0x0002;

    public static byte[] Sign(byte[] image, SigningKey key)
    {
        var layout = PeLayout.Read(image);
        if (layout.CertificateTableSize != 0)
        {
            throw new InvalidPeImageException("the image is already signed");
        }

        // Pad to 8 bytes first: the padding is part of what the hash covers, as verifiers expect.
        var padded = new byte[(image.Length + 7) & ~7];
        image.CopyTo(padded, 0);
        layout = PeLayout.Read(padded);
        var indirect = IndirectDataContent(layout.AuthenticodeHash(padded));
        var digest = SHA256.HashData(ContentsOf(indirect));
        var pkcs7 = SignedDataBuilder.Build(Oids.SpcIndirectData, indirect, digest, key, authenticode: true);

        var entryLength = 8 + pkcs7.Length;
        var tableSize = (entryLength + 7) & ~7;
        var signed = new byte[padded.Length + tableSize];
        padded.CopyTo(signed, 0);
        var entry = signed.AsSpan(padded.Length);
        BinaryPrimitives.WriteInt32LittleEndian(entry, entryLength);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], WinCertRevision);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], WinCertTypePkcsSignedData);
        pkcs7.CopyTo(entry[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(layout.CertificateDirectoryOffset), padded.Length);
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(layout.CertificateDirectoryOffset + 4), tableSize);
        BinaryPrimitives.WriteUInt32LittleEndian(signed.AsSpan(layout.ChecksumOffset), PeLayout.Read(signed).ComputeChecksum(signed));
        return signed;
    }

    /// <summary>SpcIndirectDataContent: "this is a PE image" and the SHA-256 of its Authenticode hash.</summary>
    public static byte[] IndirectDataContent(byte[] imageHash)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.SpcPeImageData);
                using (writer.PushSequence())
                {
                    writer.WriteBitString([]);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
                    {
                        writer.WriteOctetString(Encoding.BigEndianUnicode.GetBytes("<<<Obsolete>>>"), new Asn1Tag(TagClass.ContextSpecific, 0));
                    }
                }
            }

            using (writer.PushSequence())
            {
                SignedDataBuilder.WriteSha256Algorithm(writer);
                writer.WriteOctetString(imageHash);
            }
        }

        return writer.Encode();
    }

    /// <summary>A DER element without its tag and length: what Authenticode's messageDigest covers.</summary>
    public static ReadOnlySpan<byte> ContentsOf(ReadOnlySpan<byte> element)
    {
        AsnDecoder.ReadEncodedValue(element, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out _);
        return element.Slice(contentOffset, contentLength);
    }
}
