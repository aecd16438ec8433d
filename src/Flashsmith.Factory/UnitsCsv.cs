using System.Globalization;
using Flashsmith.Diagnostics;

namespace Flashsmith.Provisioning;

/// <summary>
/// Reads the units to provision from a CSV file (RFC 4180): a header row naming the columns
/// <c>serial</c>, <c>hostname</c> and <c>asset_tag</c> in any order (only <c>serial</c> is required),
/// then one unit per row. An empty hostname or asset tag means none. Every problem is reported at once,
/// as file:line:column.
/// </summary>
public static class UnitsCsv
{
    public const string SerialColumn = "serial";
    public const string HostnameColumn = "hostname";
    public const string AssetTagColumn = "asset_tag";

    private static readonly string[] KnownColumns = [SerialColumn, HostnameColumn, AssetTagColumn];

    public static UnitsFile Read(string path)
    {
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"the units file {path} does not exist");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(DiagnosticCodes.UnitsFile, $"cannot read the units file {path}: {ex.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Reads units from <paramref name="text"/>; <paramref name="file"/> names it in messages.</summary>
    internal static UnitsFile Parse(string text, string file)
    {
        var diagnostics = new DiagnosticBag();
        var records = CsvReader.Read(text.TrimStart('\uFEFF'), file, diagnostics);
        if (records.Count == 0)
        {
            diagnostics.Add(DiagnosticCodes.UnitsFile, SourcePosition.StartOf(file), $"the file is empty; its first line must name the columns {string.Join(", ", KnownColumns)}");
            diagnostics.ThrowIfAny();
        }

        var header = records[0];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Value.Trim();
            if (!KnownColumns.Contains(name, StringComparer.Ordinal))
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, header[i].Position, $"unknown column '{name}'; the columns are {string.Join(", ", KnownColumns)}");
            }
            else if (!columns.TryAdd(name, i))
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, header[i].Position, $"the column '{name}' is named twice");
            }
        }

        if (!columns.ContainsKey(SerialColumn))
        {
            diagnostics.Add(DiagnosticCodes.UnitsFile, header[0].Position, $"the header names no '{SerialColumn}' column");
            diagnostics.ThrowIfAny();
        }

        var units = new List<UnitIdentity>();
        var lineOfSerial = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (record.Any(f => f.Malformed))
            {
                continue;
            }

            if (record.Count != header.Count)
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, record[0].Position, string.Create(CultureInfo.InvariantCulture, $"the row has {record.Count} fields; the header names {header.Count} columns"));
                continue;
            }

            var serial = record[columns[SerialColumn]];
            var hostname = Optional(record, columns, HostnameColumn);
            var assetTag = Optional(record, columns, AssetTagColumn);
            var problems = new (CsvReader.Field? Field, string? Problem)[]
            {
                (serial, UnitIdentity.SerialProblem(serial.Value)),
                (hostname, hostname is { } h ? UnitIdentity.HostnameProblem(h.Value) : null),
                (assetTag, assetTag is { } a ? UnitIdentity.AssetTagProblem(a.Value) : null),
            };
            foreach (var (field, problem) in problems.Where(p => p.Problem is not null))
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, field!.Value.Position, problem!);
            }

            if (problems.Any(p => p.Problem is not null))
            {
                continue;
            }

            if (lineOfSerial.TryGetValue(serial.Value, out var first))
            {
                diagnostics.Add(DiagnosticCodes.UnitsFile, serial.Position, string.Create(CultureInfo.InvariantCulture, $"unit serial '{serial.Value}' is also on line {first}; each unit is listed once"));
                continue;
            }

            lineOfSerial.Add(serial.Value, serial.Position.Line);
            units.Add(new UnitIdentity(serial.Value, hostname?.Value, assetTag?.Value));
        }

        if (records.Count == 1)
        {
            diagnostics.Add(DiagnosticCodes.UnitsFile, header[0].Position, "the file names its columns but lists no units");
        }

        diagnostics.ThrowIfAny();
        return new UnitsFile(file, units);
    }

    /// <summary>The field of an optional column; an absent column or an empty field is no value.</summary>
    private static CsvReader.Field? Optional(IReadOnlyList<CsvReader.Field> record, Dictionary<string, int> columns, string column) =>
        columns.TryGetValue(column, out var i) && record[i].Value.Length > 0 ? record[i] : null;
}
