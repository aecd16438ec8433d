using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Flashsmith.Signing;

/// <summary>
/// Builds a CMS (PKCS#7) SignedData with one signer, written out field by field so that the same
/// key and content always give the same bytes: no signing time, DER throughout, and content that
/// is either embedded as-is (Authenticode's SpcIndirectDataContent) or detached (the image seal).
/// </summary>
public static class SignedDataBuilder
{
    /// <summary>
    /// Signs. <paramref name="embeddedContent"/> is the DER element placed in the content info (null
    /// for a detached signature); <paramref name="contentDigest"/> is the SHA-256 the messageDigest attribute carries.
    /// </summary>
    public static byte[] Build(string contentType, byte[]? embeddedContent, byte[] contentDigest, SigningKey key, bool authenticode)
    {
        var attributes = SignedAttributes(contentType, contentDigest, authenticode);
        var signature = key.SignSha256(SHA256.HashData(attributes));

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteSha256Algorithm(writer);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(contentType);
                    if (embeddedContent is not null)
                    {
                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                        {
                            writer.WriteEncodedValue(embeddedContent);
                        }
                    }
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    writer.WriteEncodedValue(key.Certificate.RawData);
                }

                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(key.Certificate.IssuerName.RawData);
                        writer.WriteIntegerUnsigned(key.Certificate.SerialNumberBytes.Span);
                    }

                    WriteSha256Algorithm(writer);
                    var implicitAttributes = (byte[])attributes.Clone();
                    implicitAttributes[0] = 0xA0;
                    writer.WriteEncodedValue(implicitAttributes);
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Oids.RsaEncryption);
                        writer.WriteNull();
                    }

                    writer.WriteOctetString(signature);
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>The DER SET OF signed attributes, as signed (with the universal SET tag).</summary>
    private static byte[] SignedAttributes(string contentType, byte[] contentDigest, bool authenticode)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            WriteAttribute(writer, Oids.ContentType, w => w.WriteObjectIdentifier(contentType));
            WriteAttribute(writer, Oids.MessageDigest, w => w.WriteOctetString(contentDigest));
            if (authenticode)
            {
                WriteAttribute(writer, Oids.SpcSpOpusInfo, w => w.PushSequence().Dispose());
            }
        }

        return writer.Encode();
    }

    private static void WriteAttribute(AsnWriter writer, string oid, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSetOf())
            {
                value(writer);
            }
        }
    }

    public static void WriteSha256Algorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.Sha256);
            writer.WriteNull();
        }
    }
}
