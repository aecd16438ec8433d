using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Flashsmith.Disk;

namespace Flashsmith.Signing;

/// <summary>
/// Signs PE/EFI images with Authenticode, as UEFI Secure Boot checks them: the image hash goes into
/// an SpcIndirectDataContent, which is signed and appended as a WIN_CERTIFICATE, and the certificate
/// table entry and the PE checksum are set to match. An image that is signed already keeps its
/// signatures byte for byte and gets ours after them, as sbsign does: firmware accepts an image when
/// any one entry of its certificate table verifies against db.
/// </summary>
public static class AuthenticodeSigner
{
    /// <summary>
    /// <paramref name="image"/> with our signature added. An image that already carries a signature by
    /// <paramref name="key"/> that holds is given back unchanged: a second one would only make it longer.
    /// </summary>
    public static byte[] Sign(byte[] image, SigningKey key)
    {
        var layout = PeLayout.Read(image);
        return layout.CertificateTableSize == 0 ? SignUnsigned(image, key) : AddSignature(image, layout, key);
    }

    private static byte[] SignUnsigned(byte[] image, SigningKey key)
    {
        // Pad to 8 bytes first: the padding is part of what the hash covers, as verifiers expect.
        var padded = new byte[(image.Length + 7) & ~7];
        image.CopyTo(padded, 0);
        var layout = PeLayout.Read(padded);
        var entry = Entry(layout.AuthenticodeHash(padded), key);
        var signed = new byte[padded.Length + entry.Length];
        padded.CopyTo(signed, 0);
        entry.CopyTo(signed, padded.Length);
        return WithTable(signed, layout, padded.Length, entry.Length);
    }

    /// <summary>
    /// Appends our entry to the table the image has. The table stays where it is, even when it does not start on
    /// an 8-byte boundary: the hash every signature covers ends where the table starts, and padding inserted
    /// before it would break the signatures already there. Entries are aligned from the table's start, as firmware walks them.
    /// </summary>
    private static byte[] AddSignature(byte[] image, PeLayout layout, SigningKey key)
    {
        var tableEnd = (long)layout.CertificateTableOffset + layout.CertificateTableSize;
        if (tableEnd != image.Length)
        {
            throw new InvalidPeImageException(
                $"the PE certificate table at {new ByteSize(layout.CertificateTableOffset).ToOffsetString()} with {layout.CertificateTableSize} bytes ends at {new ByteSize(tableEnd).ToOffsetString()}, " +
                $"and {image.Length - tableEnd} bytes of the file follow it: Authenticode requires the certificate table to be last in the file, so no signature can be added to it");
        }

        var table = CertificateTable.Read(image, layout);
        if (AuthenticodeVerifier.Verify(image, key.Certificate) is null)
        {
            return (byte[])image.Clone();
        }

        // A last entry that ends the table without its padding gets its zeros, so that ours starts on its boundary.
        var entry = Entry(layout.AuthenticodeHash(image), key);
        var kept = table.PaddedSize;
        var signed = new byte[layout.CertificateTableOffset + kept + entry.Length];
        image.CopyTo(signed, 0);
        entry.CopyTo(signed, layout.CertificateTableOffset + kept);
        return WithTable(signed, layout, layout.CertificateTableOffset, kept + entry.Length);
    }

    /// <summary>Our WIN_CERTIFICATE over <paramref name="imageHash"/>, padded with zeros to 8 bytes.</summary>
    private static byte[] Entry(byte[] imageHash, SigningKey key)
    {
        var indirect = IndirectDataContent(imageHash);
        var digest = SHA256.HashData(ContentsOf(indirect));
        var pkcs7 = SignedDataBuilder.Build(Oids.SpcIndirectData, indirect, digest, key, authenticode: true);
        var header = new WinCertificate((uint)(WinCertificate.Size + pkcs7.Length), WinCertificate.Revision2, WinCertificate.TypePkcsSignedData);
        var entry = new byte[header.PaddedLength];
        header.Write(entry);
        pkcs7.CopyTo(entry, WinCertificate.Size);
        return entry;
    }

    /// <summary>Points the certificate directory entry at the table and sets the checksum of the finished file.</summary>
    private static byte[] WithTable(byte[] signed, PeLayout layout, int tableOffset, int tableSize)
    {
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(layout.CertificateDirectoryOffset), tableOffset);
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(layout.CertificateDirectoryOffset + 4), tableSize);
        BinaryPrimitives.WriteUInt32LittleEndian(signed.AsSpan(layout.ChecksumOffset), layout.ComputeChecksum(signed));
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
