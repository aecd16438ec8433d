using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Diagnostics;

namespace Flashsmith.Signing;

/// <summary>The certificate images and keys are checked against: a PEM or DER file, or by default the development certificate.</summary>
public sealed record TrustedCertificate(X509Certificate2 Certificate, bool IsDevelopment) : IDisposable
{
    /// <summary>Loads <paramref name="path"/>, or the development certificate under <paramref name="projectRoot"/> when it is null.</summary>
    public static TrustedCertificate Load(string? path, string projectRoot)
    {
        var file = path ?? Path.Combine(DevelopmentKey.DefaultFolder(projectRoot), DevelopmentKey.CertificateFile);
        if (!File.Exists(file))
        {
            throw new BadInputException(DiagnosticCodes.Certificate, path is null
                ? "the trusted certificate is needed: pass --cert FILE (there is no development certificate in .flashsmith/keys/dev)"
                : $"the certificate {path} does not exist");
        }

        try
        {
            var text = File.ReadAllText(file);
            var certificate = text.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(file);
            return new TrustedCertificate(certificate, path is null);
        }
        catch (CryptographicException ex)
        {
            throw new BadInputException(DiagnosticCodes.Certificate, $"cannot read the certificate {Path.GetFileName(file)}: {ex.Message}");
        }
    }

    public string Sha256 => Certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    public void Dispose() => Certificate.Dispose();
}
