using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// A unit.json copied into the unit partition of a built image with mtools, as provisioning will write it,
/// is reported by the core between the last driver and READY; a record it cannot accept is reported as none.
/// </summary>
public sealed class UnitRecordBootTests(SampleBuild build) : IClassFixture<SampleBuild>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void Record_written_by_System_Text_Json_is_reported()
    {
        var record = Record("SN-0001", "edge-01");

        var boot = BootWith("written", record.ToJsonString(Indented));

        AssertUnitLine(boot, "THINVISOR UNIT serial=SN-0001 hostname=edge-01");
    }

    [Fact]
    public void Null_hostname_is_a_dash_and_only_top_level_keys_count()
    {
        // Keys in another order, odd whitespace, and "serial"/"hostname" as nested keys, array items and values.
        const string json =
            "{\"image\":{\"serial\":\"NESTED\",\"hostname\":\"nested\"},\"note\":\"serial\",\"tags\":[\"hostname\",{\"serial\":\"X\"}],"
            + "\r\n\t\"hostname\" :\tnull ,\"serial\"\n:\n\"SN-0002\"}\n";

        var boot = BootWith("null-hostname", json);

        AssertUnitLine(boot, "THINVISOR UNIT serial=SN-0002 hostname=-");
    }

    [Fact]
    public void Serial_with_a_quote_a_backslash_and_300_more_characters_is_none_and_the_boot_goes_on()
    {
        var record = Record("SN-0001\" hostname=evil\\" + new string('A', 300), "edge-01");
        var json = record.ToJsonString(Indented);
        Assert.Contains("\\\\AAA", json, StringComparison.Ordinal);

        var boot = BootWith("hostile", json);

        AssertUnitLine(boot, "THINVISOR UNIT none");
        Assert.DoesNotContain("evil", boot.Console, StringComparison.Ordinal);
    }

    private static JsonObject Record(string serial, string hostname) => new()
    {
        ["format"] = "flashsmith-unit/1",
        ["serial"] = serial,
        ["hostname"] = hostname,
        ["asset_tag"] = null,
        ["target"] = SampleBuild.Target,
        ["product"] = "thinvisor",
        ["version"] = "1.0.0",
        ["image"] = new JsonObject { ["file"] = SampleBuild.ImageName, ["sha256"] = new string('0', 64) },
        ["provisioned_at"] = "2026-11-28T04:30:00Z",
    };

    private static void AssertUnitLine(QemuBoot.Result boot, string expected)
    {
        Assert.False(boot.TimedOut, boot.Console);
        Assert.Equal([expected], boot.Lines("THINVISOR UNIT"));
        var lines = boot.Lines("THINVISOR ");
        Assert.True(lines.Count >= 3, boot.Console);
        Assert.StartsWith("THINVISOR VM name=hello exit=halt ", lines[^3], StringComparison.Ordinal);
        Assert.Equal([expected, "THINVISOR READY drivers=5 guests=1"], lines.TakeLast(2));
    }

    /// <summary>Boots a copy of the built image whose unit partition holds json as \unit.json.</summary>
    private QemuBoot.Result BootWith(string name, string json)
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var image = build.Temp.File(name + ".img");
        File.Copy(build.Image, image, overwrite: true);
        var record = build.Temp.File(name + "-unit.json");
        File.WriteAllText(record, json);
        ExternalTool.Check("mcopy", "-i", $"{image}@@{UnitOffset(image)}", record, "::unit.json");
        return QemuBoot.BootDisk(image);
    }

    /// <summary>The byte offset of the fourth partition, named unit, as sfdisk reads the table.</summary>
    private static long UnitOffset(string image)
    {
        using var json = JsonDocument.Parse(ExternalTool.Check("sfdisk", "--json", image).Output);
        var table = json.RootElement.GetProperty("partitiontable");
        var unit = table.GetProperty("partitions")[3];
        Assert.Equal("unit", unit.GetProperty("name").GetString());
        var sector = table.TryGetProperty("sectorsize", out var size) ? size.GetInt64() : 512;
        return unit.GetProperty("start").GetInt64() * sector;
    }
}
