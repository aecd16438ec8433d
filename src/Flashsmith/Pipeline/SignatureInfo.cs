using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>Who signed an image, for the summary and the manifest: the certificate, not the key.</summary>
public sealed record SignatureInfo(string Subject, string CertificateSha256, bool Development)
{
    public static SignatureInfo Of(SigningKey key) => Of(key.Certificate, key.IsDevelopment);

    public static SignatureInfo Of(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool development) => new(
        certificate.Subject,
        certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(),
        development);
}
