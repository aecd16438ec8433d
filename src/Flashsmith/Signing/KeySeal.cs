using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>
/// The key seal: a CMS SignedData (DER) that carries a <see cref="KeySealStatement"/> inside it, signed
/// with the build's key. It is written into the unit partition of every image, so a provisioned key
/// carries the proof of its own partitions. <c>openssl cms -verify</c> reads it as well.
/// </summary>
public static class KeySeal
{
    public static byte[] Create(KeySealStatement statement, SigningKey key) => Sign(statement.ToJson(), key);

    /// <summary>A CMS SignedData carrying <paramref name="json"/>, signed with <paramref name="key"/>: the form of every Flashsmith seal.</summary>
    public static byte[] Sign(byte[] json, SigningKey key)
    {
        var content = new AsnWriter(AsnEncodingRules.DER);
        content.WriteOctetString(json);
        return SignedDataBuilder.Build(Oids.Data, content.Encode(), SHA256.HashData(json), key, authenticode: false);
    }

    /// <summary>
    /// The statement a seal carries, read without checking the signature: only for deciding how to treat
    /// a disk (how large its image was), never for trusting it.
    /// </summary>
    public static KeySealStatement? Peek(byte[] seal)
    {
        try
        {
            var contentInfo = new AsnReader(seal, AsnEncodingRules.BER).ReadSequence();
            contentInfo.ReadObjectIdentifier();
            var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf();
            var encapsulated = signedData.ReadSequence();
            encapsulated.ReadObjectIdentifier();
            var json = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadOctetString();
            return KeySealStatement.Parse(json);
        }
        catch (Exception ex) when (ex is AsnContentException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The statement, when the seal was signed by <paramref name="trusted"/>; else null and what is wrong.</summary>
    public static KeySealStatement? Open(byte[] seal, X509Certificate2 trusted, out string? problem)
    {
        var json = OpenJson(seal, trusted, out problem);
        if (json is null)
        {
            return null;
        }

        try
        {
            return KeySealStatement.Parse(json);
        }
        catch (InvalidDataException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>The statement a seal carries, when <paramref name="trusted"/> signed it; else null and what is wrong.</summary>
    public static byte[]? OpenJson(byte[] seal, X509Certificate2 trusted, out string? problem)
    {
        byte[]? json = null;
        problem = SignedDataVerifier.Verify(seal, Oids.Data, content =>
        {
            if (content is null)
            {
                return null;
            }

            try
            {
                json = new AsnReader(content, AsnEncodingRules.BER).ReadOctetString();
                return SHA256.HashData(json);
            }
            catch (AsnContentException)
            {
                return null;
            }
        }, trusted, "the statement it carries is not the one that was signed");
        if (problem is not null)
        {
            return null;
        }

        if (json is null)
        {
            problem = "it carries no statement";
        }

        return json;
    }
}
