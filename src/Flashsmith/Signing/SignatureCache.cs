using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Flashsmith.Signing;

/// <summary>
/// Remembers Authenticode-signed images and key seals under the build cache, keyed by what is signed
/// and the signing certificate. Signing is deterministic, so a hit is exactly what signing again would
/// give, without the private-key operation (which is slow on a token). Within one build each signature is made or
/// read once, however many targets or threads ask for it: a second request waits for the first.
/// </summary>
public sealed class SignatureCache(string cacheFolder, SigningKey key)
{
    private readonly string certificate = key.Certificate.GetCertHashString(HashAlgorithmName.SHA256);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> made = new(StringComparer.Ordinal);

    /// <summary>The key that makes the signatures.</summary>
    public SigningKey Key => key;

    public byte[] Sign(byte[] image) =>
        Cached(image, ".efi", cached => AuthenticodeVerifier.Verify(cached, key.Certificate) is null, () => AuthenticodeSigner.Sign(image, key));

    /// <summary>A detached CMS signature over <paramref name="content"/>, in the image seal's form (openssl cms -verify -binary -content reads it).</summary>
    public byte[] Detached(byte[] content)
    {
        var digest = SHA256.HashData(content);
        return Cached(content, ".p7s", cached => SignedDataVerifier.Verify(cached, Oids.Data, _ => digest, key.Certificate) is null, () => ImageSeal.Create(digest, key));
    }

    /// <summary>The key seal over <paramref name="statement"/>; a cached one is used only when it still verifies and carries the same statement.</summary>
    public byte[] KeySeal(KeySealStatement statement)
    {
        var json = statement.ToJson();
        return Cached(json, ".p7s", cached => Signing.KeySeal.Open(cached, key.Certificate, out _)?.ToJson().AsSpan().SequenceEqual(json) == true, () => Signing.KeySeal.Create(statement, key));
    }

    /// <summary>The partition seal over <paramref name="statement"/>, cached as the key seal is.</summary>
    public byte[] PartitionSeal(PartitionSealStatement statement)
    {
        var json = statement.ToJson();
        return Cached(json, ".p7s", cached => Signing.PartitionSeal.Open(cached, key.Certificate, out _)?.ToJson().AsSpan().SequenceEqual(json) == true, () => Signing.PartitionSeal.Create(statement, key));
    }

    private byte[] Cached(byte[] content, string extension, Func<byte[], bool> stillGood, Func<byte[]> sign)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData([.. SHA256.HashData(content), .. Convert.FromHexString(certificate)]));
        var path = Path.Combine(cacheFolder, "signed", name + extension);
        return made.GetOrAdd(path, p => new Lazy<byte[]>(() => ReadOrMake(p, stillGood, sign), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private static byte[] ReadOrMake(string path, Func<byte[], bool> stillGood, Func<byte[]> sign)
    {
        if (File.Exists(path))
        {
            var cached = File.ReadAllBytes(path);
            if (stillGood(cached))
            {
                return cached;
            }
        }

        var signed = sign();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, signed);
        File.Move(temp, path, overwrite: true);
        return signed;
    }
}
