using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>Who signed an image, for the summary and the manifest: the certificate, not the key.</summary>
public sealed record SignatureInfo(string Subject, string CertificateSha256, bool Development)
{
    public static SignatureInfo Of(SigningKey key) => new(
        key.Certificate.Subject,
        key.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(),
        key.IsDevelopment);
}
