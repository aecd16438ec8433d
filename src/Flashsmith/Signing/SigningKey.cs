using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>
/// A key that signs SHA-256 digests (RSA, PKCS#1 v1.5) with its certificate. The private key
/// never leaves the implementation: a file key holds it in memory, a token keeps it.
/// </summary>
public abstract class SigningKey : IDisposable
{
    public abstract X509Certificate2 Certificate { get; }

    /// <summary>True for the generated development key, which release builds refuse.</summary>
    public bool IsDevelopment { get; init; }

    /// <summary>Where the key came from, for people: never the key itself.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Signs <paramref name="sha256"/>, a SHA-256 digest, with RSA PKCS#1 v1.5.</summary>
    public abstract byte[] SignSha256(byte[] sha256);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Certificate.Dispose();
        }
    }
}
