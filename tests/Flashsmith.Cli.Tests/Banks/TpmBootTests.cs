using System.Text.Json;
using Flashsmith.Boot.Measurement;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>
/// Measured boot under QEMU with a software TPM (<c>boot --tpm</c>): the PCR our core reads back through TCG2 is the value
/// <c>flashsmith pcr</c> predicted for the bank it booted, and a fallback shows in the event log and in the value.
/// </summary>
public sealed class TpmBootTests(BankBuilds builds) : IClassFixture<BankBuilds>
{
    [Fact]
    public void After_an_update_the_new_bank_boots_with_the_pcr_value_predicted_before_the_boot()
    {
        var image = builds.CopyV1("tpm-update");
        var update = CliRun.Of("update", image, builds.V2, "--yes", "--cert", BankBuilds.Certificate);
        Assert.True(update.ExitCode == 0, update.Output + update.Error);
        var predicted = Predicted(image, "altbootbank");

        var boot = CliRun.Of("boot", image, "--tpm", "--persist");

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.1.0", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR EVENT pcr=15 bank=altbootbank reason=newest", boot.Output, StringComparison.Ordinal);
        Assert.Contains($"THINVISOR PCR 15 sha256={predicted}", boot.Output, StringComparison.Ordinal);
        // Committed now (bootstate 0): the state is not measured, so the value stays.
        Assert.Equal(predicted, Predicted(image, "altbootbank"));
    }

    [Fact]
    public void After_a_fallback_the_event_log_names_it_and_the_value_is_the_one_with_the_fallback_event()
    {
        var image = builds.CopyV1("tpm-fallback");
        Assert.Equal(0, CliRun.Of("update", image, builds.V2, "--yes", "--cert", BankBuilds.Certificate).ExitCode);
        // The new bank still trying, as after a boot of it that never committed.
        var bank = $"{image}@@{Partition(image, "altbootbank").Offset.Bytes}";
        var config = ExternalTool.Check("mtype", "-i", bank, "::boot.cfg").Output;
        Assert.Contains("bootstate=1\n", config, StringComparison.Ordinal);
        var trying = builds.Temp.File("trying-boot.cfg");
        File.WriteAllText(trying, config.Replace("bootstate=1\n", "bootstate=2\n", StringComparison.Ordinal));
        ExternalTool.Check("mcopy", "-o", "-i", bank, trying, "::boot.cfg");

        var boot = CliRun.Of("boot", image, "--tpm");

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR FALLBACK from=altbootbank reason=not-committed", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR EVENT pcr=15 bank=bootbank reason=fallback from=altbootbank:not-committed", boot.Output, StringComparison.Ordinal);
        var withFallback = Measure(image, "bootbank", [("altbootbank", "not-committed")]).Value;
        Assert.Contains($"THINVISOR PCR 15 sha256={withFallback}", boot.Output, StringComparison.Ordinal);
        Assert.NotEqual(Predicted(image, "bootbank"), withFallback);
    }

    /// <summary>What <c>flashsmith pcr --bank</c> predicts.</summary>
    private static string Predicted(string image, string bank)
    {
        var run = CliRun.Of("pcr", image, "--bank", bank, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("banks")[0].GetProperty("value").GetString()!;
    }

    private static BankMeasurement Measure(string image, string bank, IReadOnlyList<(string, string)> fallbacks)
    {
        using var stream = File.OpenRead(image);
        var fs = DiskInspector.Open(stream, Partition(image, bank))!;
        return MeasuredBoot.Measure(bank, path => fs.Find(path) is { IsDirectory: false } ? fs.ReadFile(path) : null, fallbacks);
    }

    private static PartitionInfo Partition(string image, string name)
    {
        using var stream = File.OpenRead(image);
        return PartitionTable.Read(stream).Find(name)!;
    }
}
