using System.Globalization;
using System.Text;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// The factory log as CSV (RFC 4180): a header with the log's column names, then every column of every
/// attempt as the log stores it; lines end in CRLF and a field with a comma, quote or line break is quoted.
/// </summary>
public static class FactoryLogCsv
{
    public static string Write(IReadOnlyList<AttemptRecord> attempts)
    {
        var text = new StringBuilder();
        AppendLine(text, AttemptRecord.Columns);
        foreach (var attempt in attempts)
        {
            AppendLine(text, attempt.Values().Select(Field));
        }

        return text.ToString();
    }

    private static string Field(object? value) => value switch
    {
        null => string.Empty,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void AppendLine(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
