using System.Security.Cryptography;

namespace Flashsmith.Signing;

/// <summary>
/// Remembers Authenticode-signed images under the build cache, keyed by the unsigned image and the
/// signing certificate. Signing is deterministic, so a hit is exactly what signing again would give,
/// without the private-key operation (which is slow on a token).
/// </summary>
public sealed class SignatureCache(string cacheFolder, SigningKey key)
{
    private readonly string certificate = key.Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public byte[] Sign(byte[] image)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData([.. SHA256.HashData(image), .. Convert.FromHexString(certificate)]));
        var path = Path.Combine(cacheFolder, "signed", name + ".efi");
        if (File.Exists(path))
        {
            var cached = File.ReadAllBytes(path);
            if (AuthenticodeVerifier.Verify(cached, key.Certificate) is null)
            {
                return cached;
            }
        }

        var signed = AuthenticodeSigner.Sign(image, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, signed);
        File.Move(temp, path, overwrite: true);
        return signed;
    }
}
