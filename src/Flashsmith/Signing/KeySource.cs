namespace Flashsmith.Signing;

/// <summary>The kinds of place a signing key can come from.</summary>
public enum KeySource
{
    Development,
    File,
    Pkcs11,
}
