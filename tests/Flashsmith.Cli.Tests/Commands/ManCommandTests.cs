using System.Text.RegularExpressions;
using Flashsmith.Recipes.Schema;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// The manual pages, rendered by man(1) as a reader sees them, say what --help and the recipe schema say: every verb
/// with every option and its description, every recipe key; and groff finds nothing wrong in them.
/// </summary>
public sealed partial class ManCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_tool_page_has_a_section_per_verb_with_what_its_help_says()
    {
        var page = Rendered("flashsmith.1");
        var root = FlashsmithCli.CreateRoot(CliEnvironment.ForText(new StringWriter(), new StringWriter()));

        foreach (var (path, command) in Rendering.CommandTree.Walk(root))
        {
            var help = CliRun.Of([.. path.Split(' '), "--help"]);
            Assert.True(help.ExitCode == 0, help.Error);
            Assert.Contains(Flat(command.Description!), Flat(help.Output), StringComparison.Ordinal);
            Assert.Contains(Flat(command.Description!), page, StringComparison.Ordinal);
            Assert.Matches($"(?m)^ {{3}}flashsmith {Regex.Escape(path)}( |$)", page);
            foreach (var option in command.Options.Where(o => !o.Hidden && o.Description is not null))
            {
                Assert.Contains(option.Name, help.Output, StringComparison.Ordinal);
                Assert.Contains(Flat(option.Description!), page, StringComparison.Ordinal);
            }
        }

        Assert.Contains("--project DIR", page, StringComparison.Ordinal);
        foreach (var code in new[] { "0", "1", "2", "3", "4", "5", "130" })
        {
            Assert.Matches($"(?m)^ {{7}}{code} +", page);
        }
    }

    [Fact]
    public void The_recipe_page_has_every_key_of_the_schema()
    {
        var page = Rendered("flashsmith-recipe.5");

        Assert.StartsWith("FLASHSMITH-RECIPE(5)", page.TrimStart(), StringComparison.Ordinal);
        foreach (var path in RecipeSchema.Paths())
        {
            // A short key's paragraph starts on its own line; a longer one's below it.
            Assert.Matches($"(?m)^ {{7}}{Regex.Escape(path)}( |$)", page);
        }

        foreach (var key in RecipeSchema.Package.Keys)
        {
            Assert.Contains(Flat(key.Summary), page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_page_is_bad_input()
    {
        var run = CliRun.Of("man", "flashsmith.8");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("error FS0001: Argument 'flashsmith.8' not recognized. Must be one of:", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The page as man -l renders it for a wide terminal, failing on any warning groff gives.</summary>
    private string Rendered(string page)
    {
        var run = CliRun.Of("man", page);
        Assert.True(run.ExitCode == 0, run.Error);
        var file = temp.File(page);
        File.WriteAllText(file, run.Output);
        var man = ExternalTool.Run("man", ["--warnings", "-l", file], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MANWIDTH"] = "200", ["MANPAGER"] = "cat", ["LC_ALL"] = "C.UTF-8" });
        Assert.True(man.ExitCode == 0 && man.Error.Length == 0, man.All);
        return man.Output;
    }

    /// <summary>Text with its runs of blanks made one space, as a rendered paragraph has them.</summary>
    private static string Flat(string text) => Blanks().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
