using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>
/// The partition seal: a CMS SignedData over a <see cref="PartitionSealStatement"/>, kept as
/// <c>/seal.p7s</c> in the partition it seals, padded with zeros to the size its file was given.
/// </summary>
public static class PartitionSeal
{
    public static byte[] Create(PartitionSealStatement statement, SigningKey key) => KeySeal.Sign(statement.ToJson(), key);

    /// <summary>The statement, when <paramref name="trusted"/> signed it; else null and what is wrong.</summary>
    public static PartitionSealStatement? Open(byte[] file, X509Certificate2 trusted, out string? problem)
    {
        byte[] seal;
        try
        {
            AsnDecoder.ReadEncodedValue(file, AsnEncodingRules.BER, out _, out _, out var length);
            seal = file.AsSpan(0, length).ToArray();
        }
        catch (AsnContentException)
        {
            problem = "it is not a CMS signature";
            return null;
        }

        var json = KeySeal.OpenJson(seal, trusted, out problem);
        if (json is null)
        {
            return null;
        }

        try
        {
            return PartitionSealStatement.Parse(json);
        }
        catch (InvalidDataException ex)
        {
            problem = ex.Message;
            return null;
        }
    }
}
