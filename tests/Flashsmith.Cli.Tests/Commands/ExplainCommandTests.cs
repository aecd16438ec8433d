using System.Reflection;
using System.Text.RegularExpressions;
using Flashsmith.Diagnostics;

namespace Flashsmith.Cli.Tests.Commands;

public sealed partial class ExplainCommandTests
{
    public static TheoryData<string> Codes => [.. DiagnosticCodes.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_is_explained_with_meaning_example_and_fix(string id)
    {
        var code = DiagnosticCodes.Find(id)!;
        var run = CliRun.Of("explain", id.ToLowerInvariant());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith($"{id}: {code.Title} (", run.Output, StringComparison.Ordinal);
        Assert.All([code.Title, code.Meaning, code.Example, code.Fix], text => Assert.False(string.IsNullOrWhiteSpace(text)));
        Assert.Contains("What it means:\n  " + code.Meaning, run.Output, StringComparison.Ordinal);
        Assert.Contains("Example:\n  " + code.Example.Split('\n')[0], run.Output, StringComparison.Ordinal);
        Assert.Contains("How to fix it:\n  " + code.Fix, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Codes_are_unique_well_formed_in_order_and_in_their_area()
    {
        var ids = DiagnosticCodes.All.Select(c => c.Id).ToList();

        Assert.All(ids, id => Assert.Matches("^FS[0-9]{4}$", id));
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(DiagnosticCodes.All, c => Assert.True(Enum.IsDefined(c.Area), c.Id));
    }

    [Fact]
    public void Unknown_code_is_bad_input()
    {
        var run = CliRun.Of("explain", "FS9999");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS0002: 'FS9999' is not a flashsmith diagnostic code; codes look like FS1005 (flashsmith explain --all lists them)\n", run.Error);
    }

    [Fact]
    public void Json_names_every_part()
    {
        var run = CliRun.Of("explain", "FS2008", "--json");

        var json = System.Text.Json.Nodes.JsonNode.Parse(run.Output)!;
        Assert.Equal("FS2008", json["code"]!.GetValue<string>());
        Assert.Equal("layout", json["area"]!.GetValue<string>());
        Assert.Equal(DiagnosticCodes.FatTypeDoesNotFit.Fix, json["fix"]!.GetValue<string>());
    }

    [Fact]
    public void Documentation_lists_every_code_as_the_table_says()
    {
        var page = File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "docs", "diagnostics.md"));

        Assert.All(DiagnosticCodes.All, c => Assert.Contains($"### {c.Id}: {c.Title}\n\n{c.Meaning}\n", page, StringComparison.Ordinal));
        Assert.True(page == CliRun.Of("explain", "--all").Output, "docs/diagnostics.md differs from the code table: write it again with 'flashsmith explain --all > docs/diagnostics.md'");
    }

    [Fact]
    public void Every_code_the_sources_name_is_in_the_table_and_every_table_code_is_used()
    {
        var fields = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticCode))
            .ToDictionary(f => f.Name, f => (DiagnosticCode)f.GetValue(null)!);
        var sources = Directory.EnumerateFiles(Path.Combine(CliRun.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "DiagnosticCodes.cs")
            .Select(File.ReadAllText)
            .ToList();
        var named = sources.SelectMany(s => CodeReference().Matches(s)).Select(m => m.Groups[1].Value).ToHashSet();
        var literal = sources.SelectMany(s => CodeLiteral().Matches(s)).Select(m => m.Value).ToHashSet();

        Assert.Equal(fields.Count, DiagnosticCodes.All.Count);
        Assert.DoesNotContain(named, n => n is not nameof(DiagnosticCodes.All) && !fields.ContainsKey(n));
        Assert.DoesNotContain(literal, id => DiagnosticCodes.Find(id) is null);
        Assert.Empty(fields.Where(f => !named.Contains(f.Key)).Select(f => $"{f.Value.Id} ({f.Key}) is used nowhere"));
    }

    [GeneratedRegex(@"DiagnosticCodes\.([A-Z][A-Za-z0-9]*)\b(?!\()")]
    private static partial Regex CodeReference();

    [GeneratedRegex(@"\bFS[0-9]{4}\b")]
    private static partial Regex CodeLiteral();
}
