using CsCheck;
using Flashsmith.Cli.Rendering;
using Spectre.Console;

namespace Flashsmith.Cli.Tests.Rendering;

/// <summary>A plain table is drawn character for character as Spectre draws it, or left to Spectre.</summary>
public sealed class PlainTableTests
{
    private static readonly Gen<string> Cell = Gen.Char[' ', '~'].Array[1, 14].Select(c => new string(c));

    private static readonly Gen<(string[] Headings, (string, Style?)[][] Rows)> Tables =
        Gen.Int[1, 7].SelectMany(columns => Gen.Select(
            Cell.Array[columns],
            Cell.Array[columns].Select(row => row.Select(text => (text, (Style?)null)).ToArray()).Array[0, 6]));

    [Fact]
    public void A_table_it_draws_is_the_table_Spectre_draws()
    {
        var drawn = 0;
        Tables.Sample(table =>
        {
            var (ours, took) = Draw(console => PlainTable.TryWrite(console, table.Headings, table.Rows));
            if (took)
            {
                drawn++;
                var (spectre, _) = Draw(console =>
                {
                    PlainTableSpectre(console, table.Headings, table.Rows);
                    return true;
                });
                Assert.Equal(spectre, ours);
            }
        }, iter: 2000);

        // Most random tables are plain enough to be drawn here; a check that never draws would prove nothing.
        Assert.True(drawn > 200, $"only {drawn} tables drawn");
    }

    [Fact]
    public void The_build_summary_is_drawn_here_and_as_Spectre_draws_it()
    {
        string[] headings = ["Target", "Used", "Free", "Budget", "Signature", "Time"];
        (string, Style?)[][] rows =
        [
            [("dell-poweredge-r710", null), ("406 KiB", null), ("29.6 MiB", null), ("ok", new Style(Color.Green)), ("development key", new Style(Color.Yellow)), ("-", null)],
            [("nec-express5800", null), ("407.5 KiB", null), ("31.5 MiB", null), ("warning", new Style(Color.Yellow)), ("CN=Example OEM, O=Example", null), ("1.25 s", null)],
        ];

        var (ours, took) = Draw(console => PlainTable.TryWrite(console, headings, rows));
        var (spectre, _) = Draw(console =>
        {
            PlainTableSpectre(console, headings, rows);
            return true;
        });

        Assert.True(took);
        Assert.Equal(spectre, ours);
        Assert.StartsWith("┌─", ours, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wide 漢字")]
    [InlineData("é")]
    [InlineData("tab\there")]
    [InlineData("")]
    public void A_cell_Spectre_may_lay_out_otherwise_is_left_to_Spectre(string cell)
    {
        var (text, took) = Draw(console => PlainTable.TryWrite(console, ["Heading"], [[(cell, null)]]));
        Assert.False(took);
        Assert.Equal(string.Empty, text);
    }

    [Fact]
    public void A_table_wider_than_the_page_or_a_console_with_colour_is_left_to_Spectre()
    {
        var wide = new string('x', 200);
        Assert.False(Draw(console => PlainTable.TryWrite(console, ["Heading"], [[(wide, null)]])).Took);

        var colour = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.TrueColor, Out = new AnsiConsoleOutput(new StringWriter()) });
        Assert.False(PlainTable.TryWrite(colour, ["Heading"], [[("cell", null)]]));
    }

    /// <summary>What Spectre itself draws for the same table, on the same kind of console.</summary>
    private static void PlainTableSpectre(IAnsiConsole console, string[] headings, (string Text, Style? Style)[][] rows) =>
        console.Write(PlainTable.SpectreTable(headings, rows));

    private static (string Text, bool Took) Draw(Func<IAnsiConsole, bool> draw)
    {
        var output = new StringWriter();
        var took = draw(CliEnvironment.ForText(output, TextWriter.Null).Output);
        return (output.ToString(), took);
    }
}
