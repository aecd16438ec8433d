using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>An RSA key held in memory, read from a PEM or PKCS#12 file.</summary>
public sealed class SoftwareSigningKey(RSA rsa, X509Certificate2 certificate) : SigningKey
{
    public override X509Certificate2 Certificate => certificate;

    public override byte[] SignSha256(byte[] sha256) => rsa.SignHash(sha256, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rsa.Dispose();
        }

        base.Dispose(disposing);
    }
}
