using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>
/// Checks a CMS SignedData against a trusted certificate: the signer is that certificate, the
/// signed attributes carry the expected content type and digest, and the RSA signature over them holds.
/// </summary>
public static class SignedDataVerifier
{
    /// <summary>The certificate a SignedData carries for its signer (not checked); null when it carries none.</summary>
    public static X509Certificate2? SignerCertificate(byte[] cms)
    {
        try
        {
            var contentInfo = new AsnReader(cms, AsnEncodingRules.BER).ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != Oids.SignedData)
            {
                return null;
            }

            var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf();
            signedData.ReadSequence();
            var certificates = new List<X509Certificate2>();
            var certificateTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            while (signedData.PeekTag().TagClass == TagClass.ContextSpecific)
            {
                if (signedData.PeekTag() == certificateTag)
                {
                    var set = signedData.ReadSetOf(certificateTag);
                    while (set.HasData)
                    {
                        certificates.Add(X509CertificateLoader.LoadCertificate(set.ReadEncodedValue().Span));
                    }
                }
                else
                {
                    signedData.ReadEncodedValue();
                }
            }

            var signer = signedData.ReadSetOf().ReadSequence();
            signer.ReadInteger();
            var id = signer.ReadSequence();
            var issuer = id.ReadEncodedValue();
            var serial = id.ReadIntegerBytes();
            var found = certificates.FirstOrDefault(c => issuer.Span.SequenceEqual(c.IssuerName.RawData) && Unsigned(serial.Span).SequenceEqual(Unsigned(c.SerialNumberBytes.Span)));
            foreach (var other in certificates.Where(c => c != found))
            {
                other.Dispose();
            }

            return found;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Returns null when the signature holds, else what is wrong. <paramref name="digestOf"/> gives the
    /// digest the messageDigest attribute must equal, from the embedded content (null when detached), or
    /// null when the content itself is wrong; <paramref name="digestMismatch"/> is then the problem.
    /// </summary>
    public static string? Verify(byte[] cms, string contentType, Func<byte[]?, byte[]?> digestOf, X509Certificate2 trusted, string digestMismatch = "the digest it signed does not match the data")
    {
        try
        {
            var contentInfo = new AsnReader(cms, AsnEncodingRules.BER).ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != Oids.SignedData)
            {
                return "it is not a CMS SignedData";
            }

            var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            if (!signedData.TryReadInt32(out var version) || version != 1 || !OnlySha256(signedData.ReadSetOf()))
            {
                return "its SignedData is not version 1 with SHA-256 as its one digest algorithm";
            }

            var encapsulated = signedData.ReadSequence();
            var type = encapsulated.ReadObjectIdentifier();
            byte[]? content = null;
            if (encapsulated.HasData)
            {
                content = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadEncodedValue().ToArray();
            }

            if (type != contentType)
            {
                return $"its content type is {type}, not {contentType}";
            }

            var certificates = new List<ReadOnlyMemory<byte>>();
            var certificateTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            while (signedData.PeekTag().TagClass == TagClass.ContextSpecific)
            {
                if (signedData.PeekTag() != certificateTag)
                {
                    return "it carries certificate revocation lists, which are not expected";
                }

                var set = signedData.ReadSetOf(certificateTag);
                while (set.HasData)
                {
                    certificates.Add(set.ReadEncodedValue());
                }
            }

            var signers = signedData.ReadSetOf();
            var signer = signers.ReadSequence();
            if (signers.HasData)
            {
                return "it has more than one signer";
            }

            if (!signer.TryReadInt32(out var signerVersion) || signerVersion != 1)
            {
                return "its signer is not a version 1 signer";
            }

            var id = signer.ReadSequence();
            var issuer = id.ReadEncodedValue();
            var serial = id.ReadIntegerBytes();
            if (!issuer.Span.SequenceEqual(trusted.IssuerName.RawData) || !Unsigned(serial.Span).SequenceEqual(Unsigned(trusted.SerialNumberBytes.Span)))
            {
                return $"it was signed by another certificate than {trusted.Subject}";
            }

            // A certificate it carries is the trusted one, byte for byte: nothing in the signature goes unchecked.
            if (certificates.Count > 0 && !certificates.Any(c => c.Span.SequenceEqual(trusted.RawData)))
            {
                return $"the certificate it carries is not {trusted.Subject} as trusted: it was changed";
            }

            if (!OnlySha256(signer.ReadSequence(), isSet: false))
            {
                return "its signer's digest algorithm is not SHA-256";
            }

            var attributes = signer.ReadEncodedValue().ToArray();
            attributes[0] = 0x31;
            var algorithm = signer.ReadSequence();
            var isRsa = algorithm.ReadObjectIdentifier() is Oids.RsaEncryption or Oids.Sha256WithRsaEncryption;
            if (isRsa && algorithm.HasData)
            {
                algorithm.ReadNull();
            }

            if (!isRsa || algorithm.HasData)
            {
                return "its signature algorithm is not RSA";
            }

            var signature = signer.ReadOctetString();
            if (signer.HasData || signedData.HasData)
            {
                return "it carries data after its signature";
            }

            var (attributeType, messageDigest) = ReadAttributes(attributes);
            if (attributeType != contentType)
            {
                return "its signed content-type attribute does not match its content";
            }

            var expected = digestOf(content);
            if (expected is null || messageDigest is null || !messageDigest.AsSpan().SequenceEqual(expected))
            {
                return digestMismatch;
            }

            using var rsa = trusted.GetRSAPublicKey();
            if (rsa is null || !rsa.VerifyData(attributes, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "the RSA signature does not verify with the certificate's key";
            }

            return null;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            return $"it cannot be decoded ({ex.Message})";
        }
    }

    private static (string? ContentType, byte[]? Digest) ReadAttributes(byte[] attributes)
    {
        string? type = null;
        byte[]? digest = null;
        var set = new AsnReader(attributes, AsnEncodingRules.DER).ReadSetOf();
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var oid = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            if (oid == Oids.ContentType)
            {
                type = values.ReadObjectIdentifier();
            }
            else if (oid == Oids.MessageDigest)
            {
                digest = values.ReadOctetString();
            }
        }

        return (type, digest);
    }

    /// <summary>Whether a DigestAlgorithmIdentifiers set (or, with <paramref name="isSet"/> false, one identifier) names SHA-256 alone, with absent or NULL parameters.</summary>
    private static bool OnlySha256(AsnReader reader, bool isSet = true)
    {
        var identifier = isSet ? reader.ReadSequence() : reader;
        if (identifier.ReadObjectIdentifier() != Oids.Sha256)
        {
            return false;
        }

        if (identifier.HasData)
        {
            identifier.ReadNull();
        }

        return !identifier.HasData && (!isSet || !reader.HasData);
    }

    private static ReadOnlySpan<byte> Unsigned(ReadOnlySpan<byte> integer) =>
        integer.Length > 1 && integer[0] == 0 ? integer[1..] : integer;
}
