using System.CommandLine;

namespace Flashsmith.Cli.Commands;

/// <summary>Options that several verbs share, defined once.</summary>
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

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON instead of tables",
    };
}
