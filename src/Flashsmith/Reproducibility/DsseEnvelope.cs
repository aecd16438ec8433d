using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Signing;

namespace Flashsmith.Reproducibility;

/// <summary>
/// A DSSE envelope (one JSON line) over an in-toto statement, signed with the image's signing key: RSA
/// over SHA-256 of DSSE's pre-authentication encoding (PAE), PKCS#1 v1.5, so that file keys and tokens
/// sign alike. The key id is the SHA-256 of the signing certificate.
/// </summary>
public static class DsseEnvelope
{
    public const string Suffix = ".intoto.jsonl";
    public const string PayloadType = "application/vnd.in-toto+json";

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal bytes.</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        return [.. head, .. type, .. middle, .. payload];
    }

    public static string Sign(byte[] payload, SigningKey key)
    {
        var signature = key.SignSha256(SHA256.HashData(Pae(PayloadType, payload)));
        var envelope = new JsonObject
        {
            ["payloadType"] = PayloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject
            {
                ["keyid"] = key.Certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
                ["sig"] = Convert.ToBase64String(signature),
            }),
        };
        return envelope.ToJsonString(Options) + "\n";
    }

    /// <summary>The payload of the first line of <paramref name="text"/> when one of its signatures is <paramref name="trusted"/>'s; else null and why not.</summary>
    public static byte[]? Open(string text, X509Certificate2 trusted, out string? problem)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        try
        {
            var envelope = UntrustedJson.Parse(line) as JsonObject ?? throw new FormatException("the envelope is not a JSON object");
            var type = envelope["payloadType"]?.GetValue<string>();
            if (type != PayloadType)
            {
                problem = $"its payload type is '{type}', not '{PayloadType}'";
                return null;
            }

            var payload = Convert.FromBase64String(envelope["payload"]?.GetValue<string>() ?? string.Empty);
            var pae = Pae(PayloadType, payload);
            using var rsa = trusted.GetRSAPublicKey();
            if (rsa is null)
            {
                problem = "the trusted certificate holds no RSA key";
                return null;
            }

            foreach (var signature in (envelope["signatures"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var bytes = Convert.FromBase64String(signature["sig"]?.GetValue<string>() ?? string.Empty);
                if (rsa.VerifyData(pae, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    || rsa.VerifyData(pae, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))
                {
                    problem = null;
                    return payload;
                }
            }

            problem = $"no signature in it was made by {trusted.Subject}";
            return null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            problem = $"it is not a DSSE envelope: {ex.Message}";
            return null;
        }
    }
}
