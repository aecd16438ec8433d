
namespace Flashsmith.Signing;

/// <summary>Where the signing key lives: the generated development key, a file, or a PKCS#11 token.</summary>
public sealed record KeyReference(KeySource Source, string Location)
{
    public static readonly KeyReference Development = new(KeySource.Development, "dev");

    /// <summary>Reads a key reference: "dev", a pkcs11: URI, or a file, whose path <paramref name="resolveFile"/> makes absolute.</summary>
    public static KeyReference Parse(string text, Func<string, string> resolveFile) => text switch
    {
        "dev" => Development,
        _ when text.StartsWith("pkcs11:", StringComparison.Ordinal) => new KeyReference(KeySource.Pkcs11, text),
        _ => new KeyReference(KeySource.File, resolveFile(text)),
    };

    public override string ToString() => Source switch
    {
        KeySource.Development => "development key (generated)",
        KeySource.Pkcs11 => Location,
        _ => Location,
    };
}
