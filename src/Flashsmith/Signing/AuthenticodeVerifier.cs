using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>Checks a PE/EFI image's Authenticode signature against a trusted certificate, as the firmware would.</summary>
public static class AuthenticodeVerifier
{
    /// <summary>Null when the image is signed by <paramref name="trusted"/> and unchanged since, else what is wrong.</summary>
    public static string? Verify(byte[] image, X509Certificate2 trusted)
    {
        PeLayout layout;
        try
        {
            layout = PeLayout.Read(image);
        }
        catch (InvalidPeImageException ex)
        {
            return ex.Message;
        }

        if (layout.CertificateTableSize < 8)
        {
            return "it is not signed";
        }

        if (SignedData(image, layout) is not { } signedData)
        {
            return "its certificate table holds no PKCS#7 signature";
        }

        var entry = image.AsSpan(layout.CertificateTableOffset, layout.CertificateTableSize);
        var length = BinaryPrimitives.ReadInt32LittleEndian(entry);
        if (BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]) != 0x0200 || entry.Length != ((length + 7) & ~7) || entry[length..].ContainsAnyExcept((byte)0))
        {
            return "its certificate table is not one WIN_CERTIFICATE (revision 2.0, padded with zeros to 8 bytes)";
        }

        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(layout.ChecksumOffset));
        if (checksum != layout.ComputeChecksum(image))
        {
            return $"its PE checksum 0x{checksum:x8} does not match its contents (0x{layout.ComputeChecksum(image):x8}): it changed after signing";
        }

        var imageHash = layout.AuthenticodeHash(image);
        return SignedDataVerifier.Verify(signedData, Oids.SpcIndirectData, content =>
        {
            if (content is null || !SignedHash(content).AsSpan().SequenceEqual(imageHash))
            {
                return null;
            }

            return SHA256.HashData(AuthenticodeSigner.ContentsOf(content));
        }, trusted, "its contents changed after signing: the image hash does not match the signed one");
    }

    /// <summary>The certificate of whoever signed <paramref name="image"/>, as its signature names it (not checked); null when it carries none.</summary>
    public static X509Certificate2? Signer(byte[] image)
    {
        try
        {
            if (SignedData(image, PeLayout.Read(image)) is not { } signedData)
            {
                return null;
            }

            return SignedDataVerifier.SignerCertificate(signedData);
        }
        catch (InvalidPeImageException)
        {
            return null;
        }
    }

    /// <summary>The PKCS#7 SignedData of the image's first WIN_CERTIFICATE; null when there is none.</summary>
    private static byte[]? SignedData(byte[] image, PeLayout layout)
    {
        if (layout.CertificateTableSize < 8)
        {
            return null;
        }

        var entry = image.AsSpan(layout.CertificateTableOffset, layout.CertificateTableSize);
        var length = BinaryPrimitives.ReadInt32LittleEndian(entry);
        return length < 8 || length > entry.Length || BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]) != 0x0002 ? null : entry[8..length].ToArray();
    }

    /// <summary>The image hash an SpcIndirectDataContent carries.</summary>
    private static byte[] SignedHash(byte[] indirect)
    {
        try
        {
            var content = new AsnReader(indirect, AsnEncodingRules.BER).ReadSequence();
            content.ReadSequence();
            var digestInfo = content.ReadSequence();
            digestInfo.ReadSequence();
            return digestInfo.ReadOctetString();
        }
        catch (AsnContentException)
        {
            return [];
        }
    }
}
