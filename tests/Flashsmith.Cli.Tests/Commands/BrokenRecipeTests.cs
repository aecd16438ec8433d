using System.Globalization;
using System.Text.RegularExpressions;
using Flashsmith.Diagnostics;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// The corpus of broken recipes (Corpus/broken/recipes): each names on its first line the code and place
/// that validate, plan and build must all report, with exit 2 and no stack trace.
/// </summary>
public sealed partial class BrokenRecipeTests : IDisposable
{
    private static readonly string Corpus = Path.Combine(CliRun.RepositoryRoot, "tests", "Flashsmith.Cli.Tests", "Corpus", "broken");

    private readonly TempFolder temp = new();

    public BrokenRecipeTests() => temp.CopyIn(Corpus, "project");

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var name in BrokenNames())
            {
                foreach (var verb in new[] { "validate", "plan", "build" })
                {
                    cases.Add(name, verb);
                }
            }

            return cases;
        }
    }

    [Fact]
    public void The_corpus_is_large_and_every_case_names_a_known_code()
    {
        var expectations = BrokenNames().Select(n => Expectation(File.ReadLines(Path.Combine(Corpus, "recipes", n + ".yaml")).First())).ToList();

        Assert.True(expectations.Count >= 20, $"the corpus holds {expectations.Count} broken recipes");
        Assert.All(expectations.SelectMany(e => e), e => Assert.NotNull(DiagnosticCodes.Find(e.Code)));
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("plan")]
    public void The_recipe_the_cases_vary_is_valid(string verb)
    {
        var run = CliRun.Of(verb, Recipe("good"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_recipe_is_bad_input_with_its_code_and_place(string name, string verb)
    {
        var recipe = Recipe(name);
        var expected = Expectation(File.ReadLines(recipe).First());
        string[] args = verb == "build" ? ["build", recipe, "--out", temp.File("images")] : [verb, recipe];

        var run = CliRun.Of(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.All(expected, e => Assert.Contains($"/recipes/{name}.yaml:{e.Line}:{e.Column}: error {e.Code}: ", run.Error, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("this is a bug", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
        Assert.All(
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.EndsWith(" in all)", StringComparison.Ordinal)),
            l => Assert.Matches(@"error FS[0-9]{4}: ", l));
        Assert.False(Directory.Exists(temp.File("images")) && Directory.EnumerateFileSystemEntries(temp.File("images")).Any(), "a failed build left output");
    }

    public void Dispose() => temp.Dispose();

    private static IEnumerable<string> BrokenNames() =>
        Directory.EnumerateFiles(Path.Combine(Corpus, "recipes"), "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(name => name != "good")
            .Order(StringComparer.Ordinal);

    private string Recipe(string name) => Path.Combine(temp.Path, "project", "recipes", name + ".yaml");

    /// <summary>The problems a case's first line names: "# expect: FS1018 at 11:14, FS2008 at 18:19".</summary>
    private static IReadOnlyList<(string Code, int Line, int Column)> Expectation(string firstLine)
    {
        Assert.Matches(ExpectLine(), firstLine);
        return ExpectItem().Matches(firstLine)
            .Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    [GeneratedRegex(@"^# expect: FS[0-9]{4} at [0-9]+:[0-9]+(, FS[0-9]{4} at [0-9]+:[0-9]+)*$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"(FS[0-9]{4}) at ([0-9]+):([0-9]+)")]
    private static partial Regex ExpectItem();
}
