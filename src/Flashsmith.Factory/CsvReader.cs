using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// Splits RFC 4180 text into records of fields, each with where it starts. Lines end in CRLF, LF
/// or CR; a quoted field may hold commas, line breaks and doubled quotes. Blank lines are skipped.
/// Every malformed field is reported, and reading goes on with the next one.
/// </summary>
internal sealed class CsvReader
{
    private readonly string text;
    private readonly string file;
    private readonly DiagnosticBag diagnostics;
    private int index;
    private int line = 1;
    private int column = 1;

    private CsvReader(string text, string file, DiagnosticBag diagnostics)
    {
        this.text = text;
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /// <summary>One field's text and where it starts; a malformed field's problem is already reported.</summary>
    public readonly record struct Field(string Value, SourcePosition Position, bool Malformed = false);

    public static IReadOnlyList<IReadOnlyList<Field>> Read(string text, string file, DiagnosticBag diagnostics) =>
        new CsvReader(text, file, diagnostics).Records();

    private List<IReadOnlyList<Field>> Records()
    {
        var records = new List<IReadOnlyList<Field>>();
        while (index < text.Length)
        {
            if (AtLineEnd())
            {
                SkipLineEnd();
                continue;
            }

            var fields = new List<Field>();
            while (true)
            {
                fields.Add(ReadField());
                if (index < text.Length && text[index] == ',')
                {
                    Advance();
                    continue;
                }

                SkipLineEnd();
                break;
            }

            records.Add(fields);
        }

        return records;
    }

    private Field ReadField()
    {
        var start = new SourcePosition(file, line, column);
        if (index < text.Length && text[index] == '"')
        {
            return ReadQuoted(start);
        }

        var begin = index;
        var malformed = false;
        while (index < text.Length && text[index] != ',' && !AtLineEnd())
        {
            if (text[index] == '"' && !malformed)
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, Here(), "a quote inside a field that does not start with one; quote the whole field and double the quote (\"a \"\"b\"\"\")");
                malformed = true;
            }

            Advance();
        }

        return new Field(text[begin..index], start, malformed);
    }

    private Field ReadQuoted(SourcePosition start)
    {
        Advance();
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (index >= text.Length)
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, start, "the quoted field that starts here is not closed");
                return new Field(value.ToString(), start, Malformed: true);
            }

            var c = text[index];
            if (c == '"' && index + 1 < text.Length && text[index + 1] == '"')
            {
                value.Append('"');
                Advance();
                Advance();
            }
            else if (c == '"')
            {
                Advance();
                break;
            }
            else
            {
                value.Append(c);
                Advance();
            }
        }

        if (index < text.Length && text[index] != ',' && !AtLineEnd())
        {
            diagnostics.Add(DiagnosticCodes.UnitsFile, Here(), "text after the closing quote of a field; a quote inside a quoted field must be doubled");
            while (index < text.Length && text[index] != ',' && !AtLineEnd())
            {
                Advance();
            }

            return new Field(value.ToString(), start, Malformed: true);
        }

        return new Field(value.ToString(), start);
    }

    private SourcePosition Here() => new(file, line, column);

    private bool AtLineEnd() => index < text.Length && text[index] is '\r' or '\n';

    private void SkipLineEnd()
    {
        if (index < text.Length && text[index] == '\r')
        {
            index++;
        }

        if (index < text.Length && text[index] == '\n')
        {
            index++;
        }

        line++;
        column = 1;
    }

    /// <summary>Moves past one character, counting lines inside quoted fields too.</summary>
    private void Advance()
    {
        var c = text[index++];
        if (c == '\n' || (c == '\r' && (index >= text.Length || text[index] != '\n')))
        {
            line++;
            column = 1;
        }
        else if (c != '\r')
        {
            column++;
        }
    }
}
