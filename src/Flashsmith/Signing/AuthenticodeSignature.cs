using System.Security.Cryptography.X509Certificates;

namespace Flashsmith.Signing;

/// <summary>
/// One entry of a PE image's certificate table: the certificate it names as its signer (null when it carries
/// none, or is no PKCS#7 signature) and, when it does not hold for the image as it is, why not.
/// </summary>
public sealed record AuthenticodeSignature(int Number, X509Certificate2? Signer, string? Problem) : IDisposable
{
    /// <summary>Whether the signature holds for the image: checked with its own signer's key; whether to trust that signer is the caller's question.</summary>
    public bool Holds => Problem is null;

    public void Dispose() => Signer?.Dispose();
}
