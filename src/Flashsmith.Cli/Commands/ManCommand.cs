using System.CommandLine;
using Flashsmith.Cli.Rendering;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith man [PAGE]</c>: the manual pages as roff, written from the command tree and the recipe schema.</summary>
public static class ManCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var page = new Argument<string>("PAGE")
        {
            Description = $"The page: {ManPage.ToolPage}, every verb, or {ManPage.RecipePage}, every recipe key",
            DefaultValueFactory = _ => ManPage.ToolPage,
        };
        page.AcceptOnlyFromAmong(ManPage.ToolPage, ManPage.RecipePage);
        var command = new Command("man", "Print a manual page as roff, for 'man -l -' or a package: every verb with its options, or every recipe key") { page };
        command.SetAction(result =>
        {
            var text = result.GetValue(page) == ManPage.RecipePage
                ? ManPage.Recipe(FlashsmithCli.Version)
                : ManPage.Tool(FlashsmithCli.CreateRoot(environment), FlashsmithCli.Version);
            environment.Output.Profile.Out.Writer.Write(text);
            return ExitCodes.Success;
        });
        return command;
    }
}
