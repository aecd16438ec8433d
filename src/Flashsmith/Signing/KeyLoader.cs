using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Signing;

/// <summary>
/// Opens the signing key a recipe or --key names: the development key, a PEM key with its
/// certificate, a PKCS#12 file, or a PKCS#11 token. Passphrases come from the environment
/// (FLASHSMITH_KEY_PASSPHRASE, or a file named by FLASHSMITH_KEY_PASSPHRASE_FILE), never the command line.
/// </summary>
public static class KeyLoader
{
    public const string PassphraseVariable = "FLASHSMITH_KEY_PASSPHRASE";
    public const string PassphraseFileVariable = "FLASHSMITH_KEY_PASSPHRASE_FILE";

    public static SigningKey Load(KeyReference key, string? certificatePath, string projectRoot, Func<string, string?> environment)
    {
        return key.Source switch
        {
            KeySource.Development => DevelopmentKey.LoadOrGenerate(DevelopmentKey.DefaultFolder(projectRoot)),
            KeySource.Pkcs11 => Pkcs11SigningKey.Open(key.Location, environment),
            _ => LoadFile(key.Location, certificatePath, environment),
        };
    }

    private static SigningKey LoadFile(string path, string? certificatePath, Func<string, string?> environment)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException(DiagnosticCodes.SigningKey, $"the signing key {path} does not exist");
        }

        var name = Path.GetFileName(path);
        try
        {
            if (path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase))
            {
                var bundle = X509CertificateLoader.LoadPkcs12FromFile(path, Passphrase(environment), X509KeyStorageFlags.EphemeralKeySet);
                var rsa = bundle.GetRSAPrivateKey() ?? throw new BadInputException(DiagnosticCodes.SigningKey, $"the PKCS#12 file {name} holds no RSA private key");
                return new SoftwareSigningKey(rsa, bundle) { Description = $"PKCS#12 file {name}" };
            }

            var text = File.ReadAllText(path);
            var key = RSA.Create();
            if (text.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                var passphrase = Passphrase(environment) ?? throw new BadInputException(DiagnosticCodes.SigningKey, $"the key {name} is encrypted; put its passphrase in {PassphraseVariable} or a file named by {PassphraseFileVariable}");
                key.ImportFromEncryptedPem(text, passphrase);
            }
            else
            {
                key.ImportFromPem(text);
            }

            var certificateText = certificatePath is not null ? File.ReadAllText(certificatePath) : text;
            if (!certificateText.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
            {
                throw new BadInputException(DiagnosticCodes.SigningKey, $"the key {name} needs its certificate: set 'signing.certificate' in the recipe, or put the certificate in the same PEM file");
            }

            var certificate = X509Certificate2.CreateFromPem(certificateText);
            using var certificateKey = certificate.GetRSAPublicKey();
            if (certificateKey is null || !certificateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new BadInputException(DiagnosticCodes.SigningKey, $"the certificate does not belong to the key {name}");
            }

            return new SoftwareSigningKey(key, certificate) { Description = $"key file {name}" };
        }
        catch (CryptographicException ex)
        {
            // The message of a failed decode names the problem, never key material.
            throw new BadInputException(DiagnosticCodes.SigningKey, $"cannot read the signing key {name}: {ex.Message}");
        }
    }

    private static string? Passphrase(Func<string, string?> environment)
    {
        if (environment(PassphraseFileVariable) is { Length: > 0 } file)
        {
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }

        return environment(PassphraseVariable);
    }
}
