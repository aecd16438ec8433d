using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Provisioning;

public sealed class UnitsCsvTests
{
    private static IReadOnlyList<string> Errors(string text) =>
        Assert.Throws<BadInputException>(() => UnitsCsv.Parse(text, "units.csv")).Lines;

    [Fact]
    public void Columns_in_any_order_with_quoted_fields()
    {
        var units = UnitsCsv.Parse("asset_tag,serial,hostname\r\n\"Tag, \"\"A\"\"\",SN-1,node-1\r\n,SN-2,\r\n\r\n\"\",\"SN-3\",node-3.example.com\n", "units.csv");

        Assert.Equal("units.csv", units.Path);
        Assert.Equal(
            [("SN-1", "node-1", "Tag, \"A\""), ("SN-2", null, null), ("SN-3", "node-3.example.com", null)],
            units.Units.Select(u => (u.Serial, u.Hostname, u.AssetTag)));
    }

    [Fact]
    public void A_multi_line_field_is_a_bad_asset_tag_at_its_own_position_and_lines_count_on()
    {
        Assert.Equal(
            [
                "units.csv:2:1: error FS7005: asset tag 'multi\\u000aline' is not valid: an asset tag is 1 to 64 printable ASCII characters (space to '~')",
                "units.csv:4:3: error FS7005: unit serial 'SN 4' is not valid: a unit serial is 1 to 64 of the characters A-Z, a-z, 0-9, '.', '_' and '-'",
            ],
            Errors("asset_tag,serial\n\"multi\nline\",SN-3\nA,SN 4\n"));
    }

    [Fact]
    public void Serial_alone_is_enough_and_a_byte_order_mark_is_ignored()
    {
        var units = UnitsCsv.Parse("\uFEFFserial\nSN-1\nSN-2", "units.csv");

        Assert.Equal(["SN-1", "SN-2"], units.Units.Select(u => u.Serial));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line_and_column()
    {
        var text = """
            serial,hostname,asset_tag
            SN-1,node-1,A1
            SN 2,node_2,A2
            SN-1,node-3,A3
            SN-4,node-4
            SN-5,"node-5"x,A5
            SN-6,no"de-6,A6
            """;

        Assert.Equal(
            [
                "units.csv:3:1: error FS7005: unit serial 'SN 2' is not valid: a unit serial is 1 to 64 of the characters A-Z, a-z, 0-9, '.', '_' and '-'",
                "units.csv:3:6: error FS7005: host name 'node_2' is not valid: its label 'node_2' has a character other than a letter, digit or '-'; a host name (RFC 1123) is at most 253 characters of dot-separated labels, each 1 to 63 letters, digits or '-', not starting or ending with '-'",
                "units.csv:4:1: error FS7005: unit serial 'SN-1' is also on line 2; each unit is listed once",
                "units.csv:5:1: error FS7005: the row has 2 fields; the header names 3 columns",
                "units.csv:6:14: error FS7005: text after the closing quote of a field; a quote inside a quoted field must be doubled",
                "units.csv:7:8: error FS7005: a quote inside a field that does not start with one; quote the whole field and double the quote (\"a \"\"b\"\"\")",
            ],
            Errors(text));
    }

    [Fact]
    public void Header_problems_are_reported()
    {
        Assert.Equal(
            [
                "units.csv:1:1: error FS7005: the header names no 'serial' column",
                "units.csv:1:1: error FS7005: unknown column 'serail'; the columns are serial, hostname, asset_tag",
                "units.csv:1:17: error FS7005: the column 'hostname' is named twice",
            ],
            Errors("serail,hostname,hostname\nSN-1,a,b\n"));
    }

    [Fact]
    public void An_unclosed_quote_is_reported_where_it_opens()
    {
        Assert.Equal(["units.csv:3:6: error FS7005: the quoted field that starts here is not closed"], Errors("serial,hostname\nSN-1,a\nSN-2,\"b\nSN-3,c\n"));
    }

    [Fact]
    public void A_file_without_units_is_bad_input()
    {
        Assert.Equal(["units.csv:1:1: error FS7005: the file is empty; its first line must name the columns serial, hostname, asset_tag"], Errors(string.Empty));
        Assert.Equal(["units.csv:1:1: error FS7005: the file names its columns but lists no units"], Errors("serial,hostname\n"));
    }

    [Fact]
    public void Read_names_a_missing_file_and_reads_a_real_one()
    {
        using var temp = new TempFolder();
        var path = temp.File("units.csv");

        Assert.Equal($"the units file {path} does not exist", Assert.Throws<BadInputException>(() => UnitsCsv.Read(path)).Message);
        File.WriteAllText(path, "serial\nSN-1\nSN 2\n");
        Assert.Equal([$"{path}:3:1: error FS7005: unit serial 'SN 2' is not valid: a unit serial is 1 to 64 of the characters A-Z, a-z, 0-9, '.', '_' and '-'"], Assert.Throws<BadInputException>(() => UnitsCsv.Read(path)).Lines);
    }
}
