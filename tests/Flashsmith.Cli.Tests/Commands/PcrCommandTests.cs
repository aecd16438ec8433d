using System.Text.Json;
using Flashsmith.Cli.Tests.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary><c>flashsmith pcr</c> on the sample image and on a key provisioned from it.</summary>
public sealed class PcrCommandTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_key_gives_the_same_values_and_events_as_its_image()
    {
        var key = ProvisionFixture.KeyFile(temp, "key.img", 64L << 20);
        var provision = ProvisionFixture.Provision(fixture.Image, temp.File("factory.db"), "--device", key, "--serial", "PCR-1", "--yes");
        Assert.True(provision.ExitCode == 0, provision.Error);

        var image = CliRun.Of("pcr", fixture.Image, "--json");
        var onKey = CliRun.Of("pcr", key, "--json");

        Assert.True(image.ExitCode == 0, image.Error);
        Assert.True(onKey.ExitCode == 0, onKey.Error);
        using var imageJson = JsonDocument.Parse(image.Output);
        using var keyJson = JsonDocument.Parse(onKey.Output);
        Assert.Equal(15, imageJson.RootElement.GetProperty("pcr").GetInt32());
        var bank = imageJson.RootElement.GetProperty("banks").EnumerateArray().Single();
        Assert.Equal("bootbank", bank.GetProperty("bank").GetString());
        Assert.Matches("^[0-9a-f]{64}$", bank.GetProperty("value").GetString());
        Assert.Equal(
            ["EV_EVENT_TAG bank=bootbank reason=newest", "EV_IPL bootbank:/boot.cfg", "EV_IPL bootbank:/manifest.txt", "EV_IPL bootbank:/core.efi"],
            bank.GetProperty("events").EnumerateArray().Take(4).Select(e => e.GetProperty("type").GetString() + " " + e.GetProperty("event").GetString()));
        Assert.Contains(bank.GetProperty("events").EnumerateArray(), e => e.GetProperty("event").GetString() == "bootbank:/e1000.efi");
        Assert.Equal(Values(imageJson), Values(keyJson));
        Assert.Equal(bank.GetProperty("events").ToString(), keyJson.RootElement.GetProperty("banks")[0].GetProperty("events").ToString());

        var table = CliRun.Of("pcr", key);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains(bank.GetProperty("value").GetString()!, table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_bank_is_bad_input_naming_the_banks_there_are()
    {
        var run = CliRun.Of("pcr", fixture.Image, "--bank", "altbootbank");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("has no boot bank 'altbootbank'; its banks: bootbank", run.Error, StringComparison.Ordinal);
    }

    private static List<(string?, string?)> Values(JsonDocument json) =>
        json.RootElement.GetProperty("banks").EnumerateArray().Select(b => (b.GetProperty("bank").GetString(), b.GetProperty("value").GetString())).ToList();
}
