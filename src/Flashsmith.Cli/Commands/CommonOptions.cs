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

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON instead of tables",
    };
}
