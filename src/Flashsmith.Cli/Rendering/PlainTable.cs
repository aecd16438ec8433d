using System.Text;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// A table of styled text cells under plain headings. Where there is no colour to show (output to a file or pipe),
/// every cell is printable ASCII and the table fits the page, it is drawn here, character for character as Spectre
/// draws it: a build with nothing to do is mostly its summary table, and Spectre's general layout (measuring,
/// wrapping, wide characters) took a tenth of it. Anything else is drawn by Spectre.
/// </summary>
internal static class PlainTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<string> headings, IReadOnlyList<(string Text, Style? Style)[]> rows)
    {
        if (!TryWrite(console, headings, rows))
        {
            console.Write(SpectreTable(headings, rows));
        }
    }

    /// <summary>The same table as Spectre lays it out.</summary>
    internal static Table SpectreTable(IReadOnlyList<string> headings, IReadOnlyList<(string Text, Style? Style)[]> rows)
    {
        var table = new Table();
        foreach (var heading in headings)
        {
            table.AddColumn(new TableColumn(new Text(heading)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell.Text, cell.Style)));
        }

        return table;
    }

    /// <summary>Draws the table straight to the console's writer and says so, or draws nothing and leaves it to Spectre.</summary>
    internal static bool TryWrite(IAnsiConsole console, IReadOnlyList<string> headings, IReadOnlyList<(string Text, Style? Style)[]> rows)
    {
        var capabilities = console.Profile.Capabilities;
        if (capabilities.Ansi || !capabilities.Unicode || headings.Count == 0)
        {
            return false;
        }

        var widths = new int[headings.Count];
        var texts = new string[rows.Count][];
        if (!Measure(headings, widths))
        {
            return false;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            texts[r] = Array.ConvertAll(rows[r], cell => cell.Text);
            if (texts[r].Length != headings.Count || !Measure(texts[r], widths))
            {
                return false;
            }
        }

        // Each column has a space either side and a rule after it, and there is one rule before the first.
        var width = 1;
        foreach (var column in widths)
        {
            width += column + 3;
        }

        if (width > console.Profile.Width)
        {
            return false;
        }

        var text = new StringBuilder(width * (rows.Count + 4));
        Rule(text, widths, '┌', '┬', '┐');
        Cells(text, widths, headings);
        if (rows.Count > 0)
        {
            Rule(text, widths, '├', '┼', '┤');
        }

        foreach (var row in texts)
        {
            Cells(text, widths, row);
        }

        Rule(text, widths, '└', '┴', '┘');
        console.Profile.Out.Writer.Write(text.ToString());
        return true;
    }

    /// <summary>Widens each column to its cell; false for an empty cell or one that is not all printable ASCII.</summary>
    private static bool Measure(IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cell.Length == 0 || cell.AsSpan().ContainsAnyExceptInRange(' ', '~'))
            {
                return false;
            }

            widths[i] = Math.Max(widths[i], cell.Length);
        }

        return true;
    }

    private static void Rule(StringBuilder text, int[] widths, char left, char between, char right)
    {
        text.Append(left);
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append('─', widths[i] + 2).Append(i + 1 < widths.Length ? between : right);
        }

        text.Append('\n');
    }

    private static void Cells(StringBuilder text, int[] widths, IReadOnlyList<string> cells)
    {
        text.Append('│');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(' ').Append(cells[i]).Append(' ', widths[i] - cells[i].Length + 1).Append('│');
        }

        text.Append('\n');
    }
}
