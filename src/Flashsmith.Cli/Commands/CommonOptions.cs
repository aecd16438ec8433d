using System.CommandLine;
using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Cli.Commands;

/// <summary>Options that several verbs share with one meaning, each defined here once.</summary>
public static class CommonOptions
{
    /// <summary>The name of the option every verb takes, from the root down, for the project it works in.</summary>
    public const string ProjectName = "--project";

    /// <summary>The project a verb works in; given on the root command, every verb below it takes it.</summary>
    public static Option<DirectoryInfo?> Project() => new(ProjectName)
    {
        Description = "The project folder, the one that holds recipes/ (default: found from the current folder upwards, as git finds .git)",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary>
    /// The root of the project a command works in: <c>--project</c> when given, else the project the current folder is
    /// in. Its recipes, images, caches and keys live there, whichever of its subfolders the command runs from.
    /// </summary>
    public static string ProjectRoot(ParseResult result)
    {
        if (result.GetValue<DirectoryInfo?>(ProjectName) is not { } given)
        {
            return ProjectFolder.Containing(Environment.CurrentDirectory).Root;
        }

        if (!given.Exists)
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"{ProjectName} {given.FullName}: no such folder");
        }

        return given.FullName;
    }

    public static Option<DirectoryInfo?> Recipes() => new("--recipes")
    {
        Description = "The recipes folder; OEM targets are its oem/*.yaml (default: recipes/ in the project)",
        HelpName = "DIR",
    };

    /// <summary>The recipes folder <paramref name="option"/> names, else the project's.</summary>
    public static DirectoryInfo RecipesFolder(ParseResult result, Option<DirectoryInfo?> option) =>
        result.GetValue(option) ?? new DirectoryInfo(Path.Combine(ProjectRoot(result), ProjectFolder.RecipesFolder));

    /// <summary>The images folder a build writes and the budget reads.</summary>
    public static Option<DirectoryInfo?> Images(string description) => new("--out", "-o")
    {
        Description = description + " (default: images/ in the project)",
        HelpName = "DIR",
    };

    /// <summary>The images folder <paramref name="option"/> names, else the project's.</summary>
    public static DirectoryInfo ImagesFolder(ParseResult result, Option<DirectoryInfo?> option) =>
        result.GetValue(option) ?? new DirectoryInfo(Path.Combine(ProjectRoot(result), ProjectFolder.ImagesFolder));

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
