using System.CommandLine;

namespace Flashsmith.Cli.Commands;

/// <summary>Options that several verbs share with one meaning, each defined here once.</summary>
public static class CommonOptions
{
    public static Option<DirectoryInfo> Recipes() => new("--recipes")
    {
        Description = "The recipes folder; OEM targets are its oem/*.yaml",
        DefaultValueFactory = _ => new DirectoryInfo("recipes"),
        HelpName = "DIR",
    };

    /// <summary>The certificate an image or key is checked against.</summary>
    public static Option<FileInfo?> Certificate() => new("--cert")
    {
        Description = "The trusted certificate, PEM or DER (default: the development certificate in .flashsmith/keys/dev)",
        HelpName = "FILE",
    };

    /// <summary>The signing key that overrides the recipes'.</summary>
    public static Option<string?> Key() => new("--key")
    {
        Description = "The signing key, instead of the recipes': 'dev', a PEM or PKCS#12 file, or a pkcs11: URI (passphrases come from FLASHSMITH_KEY_PASSPHRASE or FLASHSMITH_KEY_PASSPHRASE_FILE)",
        HelpName = "KEY",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON instead of tables",
    };
}
