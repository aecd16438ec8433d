namespace Flashsmith.Cli.Tests;

public sealed class FlashsmithCliTests
{
    [Fact]
    public void Help_lists_every_verb()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("flashsmith [command] [options]", run.Output, StringComparison.Ordinal);
        foreach (var verb in new[] { "targets", "validate", "plan", "schema" })
        {
            Assert.Contains(verb, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_named_verb_is_built_alone_and_under_its_own_name()
    {
        var environment = CliEnvironment.ForText(new StringWriter(), new StringWriter(), _ => null);
        var all = FlashsmithCli.CreateRoot(environment).Subcommands.Select(c => c.Name).ToList();

        Assert.Equal(25, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        foreach (var verb in all)
        {
            Assert.Equal([verb], FlashsmithCli.CreateRoot(environment, verb).Subcommands.Select(c => c.Name));
        }

        Assert.Equal(all, FlashsmithCli.CreateRoot(environment, "bulid").Subcommands.Select(c => c.Name));
        Assert.Equal(all, FlashsmithCli.CreateRoot(environment, "--help").Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("targets")]
    [InlineData("validate")]
    [InlineData("plan")]
    [InlineData("schema")]
    public void Every_verb_has_help(string verb)
    {
        var run = CliRun.Of(verb, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"flashsmith {verb}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_verb_gets_the_closest_verb()
    {
        var run = CliRun.Of("biuld");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0001: Unrecognized command or argument 'biuld'.\n'biuld' is not a verb; did you mean 'build'?\nrun 'flashsmith --help' for usage\n", run.Error);
    }

    [Fact]
    public void A_word_like_no_verb_gets_no_suggestion()
    {
        var run = CliRun.Of("zzzzzzzz");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.DoesNotContain("did you mean", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var run = CliRun.Of("--version");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("0.1.0", run.Output.Trim());
    }

    [Fact]
    public void Unknown_verb_is_bad_input()
    {
        var run = CliRun.Of("bulid");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("error FS0001: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("run 'flashsmith --help' for usage", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_verb_is_bad_input()
    {
        var run = CliRun.Of();

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0001: no command given\nrun 'flashsmith --help' for usage\n", run.Error);
    }

    [Fact]
    public void Unknown_option_is_bad_input_and_names_the_verb()
    {
        var run = CliRun.Of("targets", "--colour");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("run 'flashsmith targets --help' for usage", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_source_date_epoch_is_bad_input()
    {
        var run = CliRun.With(name => name == "SOURCE_DATE_EPOCH" ? "tomorrow" : null, "plan", "--target", "dell-poweredge-r710", "--recipes", CliRun.Recipes);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0005: SOURCE_DATE_EPOCH is 'tomorrow'; it must be whole seconds since 1970, from 1980 to 2107\n", run.Error);
    }
}
