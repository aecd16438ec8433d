using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>
/// An RSA key held in memory, read from a PEM or PKCS#12 file. The key is imported on first use, so
/// a build that finds everything signed already never decodes it; signing is serialised, as builds
/// of several targets share one key.
/// </summary>
public sealed class SoftwareSigningKey(Func<RSA> open, X509Certificate2 certificate) : SigningKey
{
    private readonly Lazy<RSA> rsa = new(open);
    private readonly Lock gate = new();

    public SoftwareSigningKey(RSA rsa, X509Certificate2 certificate)
        : this(() => rsa, certificate)
    {
    }

    public override X509Certificate2 Certificate => certificate;

    public override byte[] SignSha256(byte[] sha256)
    {
        lock (gate)
        {
            return rsa.Value.SignHash(sha256, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && rsa.IsValueCreated)
        {
            rsa.Value.Dispose();
        }

        base.Dispose(disposing);
    }
}
