using System.CommandLine;
using Flashsmith.Cli.Rendering;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith completion SHELL</c>: a completion script for bash, zsh or fish, written from the command tree.</summary>
public static class CompletionCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var shell = new Argument<string>("SHELL") { Description = "The shell: bash, zsh or fish" };
        shell.AcceptOnlyFromAmong([.. ShellCompletion.Shells]);
        var command = new Command("completion", "Print the shell completion script for bash, zsh or fish (bash: source <(flashsmith completion bash))") { shell };
        command.SetAction(result =>
        {
            var root = FlashsmithCli.CreateRoot(environment);
            environment.Output.Profile.Out.Writer.Write(ShellCompletion.Script(result.GetValue(shell)!, root));
            return ExitCodes.Success;
        });
        return command;
    }
}
