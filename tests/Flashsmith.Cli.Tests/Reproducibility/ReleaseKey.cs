using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>A release key pair made for a test: release.pem (key and certificate) and cert.pem.</summary>
public static class ReleaseKey
{
    public static (string Key, string Certificate) Create(TempFolder temp, string name = "release")
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var key = temp.File($"{name}.pem");
        var cert = temp.File($"{name}-cert.pem");
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(cert, certificate.ExportCertificatePem() + "\n");
        return (key, cert);
    }
}
