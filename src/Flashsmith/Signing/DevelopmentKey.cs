using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Diagnostics;

namespace Flashsmith.Signing;

/// <summary>
/// The generated development key: RSA 3072 and a self-signed certificate, kept as key.pem (readable
/// by its owner only) and cert.pem. Images signed with it say so; release builds refuse it.
/// </summary>
public static class DevelopmentKey
{
    public const string KeyFile = "key.pem";
    public const string CertificateFile = "cert.pem";
    public const string Subject = "CN=Flashsmith development key (not for release), O=Flashsmith";

    public static string DefaultFolder(string projectRoot) => Path.Combine(ProjectState.Folder(projectRoot), "keys", "dev");

    /// <summary>Creates a new key pair in <paramref name="folder"/>; refuses to overwrite one.</summary>
    public static void Generate(string folder)
    {
        if (!TryGenerate(folder))
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.OutputExists, $"{Path.Combine(folder, KeyFile)} already exists; remove it first to make a new development key");
        }
    }

    /// <summary>
    /// Writes the pair into a fresh folder beside <paramref name="folder"/> and renames it into place,
    /// so concurrent builds never see half a key; false when a key is already there.
    /// </summary>
    private static bool TryGenerate(string folder)
    {
        if (File.Exists(Path.Combine(folder, KeyFile)))
        {
            return false;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(folder)}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest(Subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            var now = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
            var keyPath = Path.Combine(temp, KeyFile);
            using (var file = new FileStream(keyPath, FileMode.CreateNew, FileAccess.Write))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                using var writer = new StreamWriter(file);
                writer.Write(rsa.ExportPkcs8PrivateKeyPem());
            }

            File.WriteAllText(Path.Combine(temp, CertificateFile), certificate.ExportCertificatePem() + "\n");
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }

            try
            {
                Directory.Move(temp, folder);
                return true;
            }
            catch (IOException) when (File.Exists(Path.Combine(folder, KeyFile)))
            {
                return false;
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Loads the development key from <paramref name="folder"/>, generating it first when there is none.</summary>
    public static SigningKey LoadOrGenerate(string folder)
    {
        TryGenerate(folder);

        var keyPath = Path.Combine(folder, KeyFile);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, CertificateFile)));
        }
        catch (CryptographicException)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.SigningKey, "the development certificate is not PEM");
        }

        return new SoftwareSigningKey(
            () =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(File.ReadAllText(keyPath));
                return rsa;
            },
            certificate) { IsDevelopment = true, Description = $"development key {keyPath}" };
    }
}
