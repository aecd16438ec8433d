using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// The completion scripts, run by the shells themselves: bash completes verbs, subverbs, options and an option's
/// choices after options that take values; zsh and fish read their scripts without error, and fish completes from it.
/// </summary>
public sealed class CompletionCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("flashsmith bu", "build budget")]
    [InlineData("flashsmith keys ''", "generate --project -h --help")]
    [InlineData("flashsmith --project /tmp init --sample ''", "thinvisor xen")]
    [InlineData("flashsmith cache --project /tmp st", "stats")]
    [InlineData("flashsmith build --tar", "--target")]
    public void Bash_completes_from_the_command_tree(string line, string expected)
    {
        var script = Script("bash");

        var run = ExternalTool.Run("bash", "-c", $"source {script} && complete -p flashsmith && COMP_WORDS=({line}) && COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)) && _flashsmith && echo \"${{COMPREPLY[*]}}\"");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal($"complete -o filenames -F _flashsmith flashsmith\n{expected}\n", run.Output);
    }

    [Fact]
    public void Zsh_reads_its_script_and_registers_it()
    {
        var script = Script("zsh");

        var syntax = ExternalTool.Run("zsh", "-n", script);
        var registered = ExternalTool.Run("zsh", "-c", $"autoload -U compinit && compinit -u -D && source {script} && print -r -- $_comps[flashsmith]");

        Assert.True(syntax.ExitCode == 0, syntax.All);
        Assert.True(registered.ExitCode == 0, registered.All);
        Assert.Equal("_flashsmith\n", registered.Output);
    }

    [Fact]
    public void Fish_completes_from_its_script()
    {
        var script = Script("fish");

        var syntax = ExternalTool.Run("fish", "--no-execute", script);
        var run = ExternalTool.Run("fish", "-c", $"source {script}; complete -C 'flashsmith init --sample '; complete -C 'flashsmith cache '");

        Assert.True(syntax.ExitCode == 0, syntax.All);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(["thinvisor", "xen", "clear", "stats"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]));
    }

    private string Script(string shell)
    {
        var run = CliRun.Of("completion", shell);
        Assert.True(run.ExitCode == 0, run.Error);
        var file = temp.File("flashsmith." + shell);
        File.WriteAllText(file, run.Output);
        return file;
    }
}
