using Flashsmith.Recipes;

namespace Flashsmith.Cli.Commands;

/// <summary>Reads a key reference given on the command line, as a recipe's 'signing.key' would be read.</summary>
public static class KeyReferences
{
    public static KeyReference Parse(string text) => text switch
    {
        "dev" => KeyReference.Development,
        _ when text.StartsWith("pkcs11:", StringComparison.Ordinal) => new KeyReference(KeySource.Pkcs11, text),
        _ => new KeyReference(KeySource.File, Path.GetFullPath(text)),
    };
}
