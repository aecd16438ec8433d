using System.Security.Cryptography.X509Certificates;
using Flashsmith.Diagnostics;

namespace Flashsmith.Signing;

/// <summary>A key on a PKCS#11 token: signing happens on the token, the private key never leaves it.</summary>
public sealed class Pkcs11SigningKey : SigningKey
{
    private Pkcs11SigningKey(X509Certificate2 certificate) => Certificate = certificate;

    public override X509Certificate2 Certificate { get; }

    public static SigningKey Open(string uri, Func<string, string?> environment) =>
        throw new BadInputException($"PKCS#11 keys ({uri.Split(';')[0]}…) are not supported by this build yet; use a key file or 'dev'");

    public override byte[] SignSha256(byte[] sha256) => throw new NotSupportedException();
}
