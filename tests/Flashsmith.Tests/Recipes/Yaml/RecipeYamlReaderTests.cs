using System.Diagnostics;
using System.Text;
using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Yaml;

namespace Flashsmith.Tests.Recipes.Yaml;

public sealed class RecipeYamlReaderTests
{
    [Fact]
    public void Syntax_error_gives_its_position_without_yamldotnet_noise()
    {
        var errors = Read("product:\n  name: [unclosed\n");

        var error = Assert.Single(errors);
        Assert.StartsWith("t.yaml:3:1: error FS1002: YAML syntax error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("product: !!+0 x\n", "Global tags must be valid URIs")]
    [InlineData("product: \"\\Ud0000000\"\n", "A valid UTF32 value is between 0x000000 and 0x10ffff")]
    public void Value_the_scanner_hands_to_dotnet_which_refuses_it_is_a_syntax_error(string text, string why)
    {
        var error = Assert.Single(Read(text));

        Assert.StartsWith("t.yaml:1:8: error FS1002: YAML syntax error: a tag or escape that cannot be read: " + why, error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void Empty_file_is_an_error(string text)
    {
        Assert.Equal(["t.yaml:1:1: error FS1003: file is empty; a recipe needs at least a 'product' section or 'extends'"], Read(text));
    }

    [Fact]
    public void Duplicate_key_points_at_both()
    {
        Assert.Equal(["t.yaml:2:1: error FS1004: duplicate key 'a' (first at line 1, column 1)"], Read("a: 1\na: 2\n"));
    }

    [Fact]
    public void Second_document_is_refused()
    {
        Assert.Equal(["t.yaml:2:1: error FS1002: a recipe holds one YAML document; remove the second '---'"], Read("a: 1\n---\nb: 2\n"));
    }

    [Fact]
    public void Alias_bomb_is_stopped_quickly()
    {
        var text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            text.Append(CultureInfo($"a{i}: &a{i} [")).Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var clock = Stopwatch.StartNew();
        var error = Assert.Single(Read(text.ToString()));

        Assert.Contains("the YAML expands to more than 100000 values (through aliases or sheer size); a recipe needs far fewer", error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the alias bomb was not stopped");
    }

    [Fact]
    public void Aliases_within_the_limit_are_expanded()
    {
        var bag = new DiagnosticBag();
        var node = RecipeYamlReader.Read("base: &b {x: 1}\ncopy: *b\n", "t.yaml", bag);

        var map = Assert.IsType<RecipeMapping>(node);
        Assert.False(bag.HasErrors);
        Assert.Same(map["base"], map["copy"]);
    }

    [Fact]
    public void Alias_without_anchor_is_an_error()
    {
        Assert.Equal(["t.yaml:1:4: error FS1002: alias '*nowhere' names no anchor defined before it"], Read("a: *nowhere\n"));
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1000, true)]
    public void Thousand_levels_of_nesting_are_refused(int depth, bool block)
    {
        var text = block
            ? string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i) + "k:\n")) + new string(' ', depth) + "v\n"
            : new string('[', depth) + new string(']', depth);

        var error = Assert.Single(Read(text));

        Assert.Contains("YAML nesting is deeper than 64 levels", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_file_is_refused_before_it_is_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenWrite(path))
            {
                file.SetLength(100L * 1024 * 1024);
            }

            var bag = new DiagnosticBag();
            var node = RecipeYamlReader.ReadFile(path, "big.yaml", bag);

            Assert.Null(node);
            Assert.Equal("big.yaml:1:1: error FS1001: file is 104857600 bytes; a recipe may be at most 1 MiB (1048576 bytes)", Assert.Single(bag.ToSortedList()).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);
            var bag = new DiagnosticBag();

            Assert.Null(RecipeYamlReader.ReadFile(path, "bin.yaml", bag));
            Assert.Equal("bin.yaml:1:1: error FS1001: file is not UTF-8 text", Assert.Single(bag.ToSortedList()).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Positions_count_from_one()
    {
        var bag = new DiagnosticBag();
        var map = Assert.IsType<RecipeMapping>(RecipeYamlReader.Read("a:\n  b: hello\n", "t.yaml", bag));
        var inner = Assert.IsType<RecipeMapping>(map["a"]);
        var value = Assert.IsType<RecipeScalar>(inner["b"]);

        Assert.Equal(new SourcePosition("t.yaml", 2, 6), value.Position);
        Assert.Equal(new SourcePosition("t.yaml", 1, 1), map.Entries[0].Key.Position);
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static IReadOnlyList<string> Read(string text)
    {
        var bag = new DiagnosticBag();
        RecipeYamlReader.Read(text, "t.yaml", bag);
        return bag.ToSortedList().Select(d => d.ToString()).ToList();
    }
}
