using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>
/// <c>reproduce</c> on a small project (the demo product, one target, a release key): two builds under
/// varied conditions agree; a driver that embeds the compile time is caught and explained; a published
/// folder is checked with <c>--against</c>.
/// </summary>
public sealed class ReproduceTests : IDisposable
{
    private const string Target = "acme";
    private const string Image = "demo-1.0.0-acme.img";
    private readonly FirmwareProject project = new();
    private readonly string key;

    public ReproduceTests()
    {
        key = ReleaseKey.Create(project.Temp).Key;
    }

    public void Dispose() => project.Dispose();

    [Fact]
    public void Two_builds_under_varied_conditions_give_identical_outputs()
    {
        project.Target(Target, string.Empty);
        var run = Reproduce();
        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("reproducible: 8 outputs identical", run.Output, StringComparison.Ordinal);
        Assert.Contains("TZ=Pacific/Chatham LANG=fr_FR.UTF-8 umask 077", run.Output, StringComparison.Ordinal);
        Assert.Contains("warm cache, files created in reverse order", run.Output, StringComparison.Ordinal);
        var image = run.Output.Split('\n').Single(l => l.EndsWith($"{Target}/{Image}", StringComparison.Ordinal)).Trim();
        Assert.Matches("^[0-9a-f]{64}  acme/demo-1.0.0-acme.img$", image);
    }

    [Fact]
    public void A_driver_that_embeds_the_compile_time_is_caught_down_to_its_file_and_component()
    {
        var e1000 = File.ReadAllText(project.Temp.File("src/firmware/drivers/e1000/e1000.c"));
        Directory.CreateDirectory(project.Temp.File("src/firmware/drivers/stamp"));
        File.WriteAllText(
            project.Temp.File("src/firmware/drivers/stamp/stamp.c"),
            e1000.Replace("    tv_pci_enable(pci);\n", "    tv_pci_enable(pci);\n    tv_append(detail, size, \" built=\" __TIME__);\n", StringComparison.Ordinal));
        project.Target(Target, """
            drivers:
              add:
                - {name: stamp, version: 0.1.0, group: base, pci: ["8086:1234"], sources: ../../src/firmware/drivers/stamp}
            """);

        // Under faketime, with time running ten times faster, the two builds' compile times cannot agree.
        var cli = Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll");
        var run = ExternalTool.Run(
            "faketime",
            ["-f", "+100d x10", "dotnet", cli, "reproduce", "--target", Target, "--recipes", project.Temp.File("recipes"), "--key", key],
            TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1", ["NO_COLOR"] = "1" });

        Assert.True(run.ExitCode == ExitCodes.VerificationFailed, run.All);
        Assert.Contains($"error FS9001: {Target}/{Image} differs from the second build, first at 0x", run.Error, StringComparison.Ordinal);
        var stamp = run.Output.Split('\n').Where(l => l.Contains("partition 'bootbank', file /stamp.efi", StringComparison.Ordinal)).ToList();
        Assert.True(stamp.Count == 1, run.Output);
        Assert.Contains("PE section .rdata", stamp[0], StringComparison.Ordinal);
        Assert.Contains("component 'stamp'", stamp[0], StringComparison.Ordinal);
        Assert.Contains("cause: component 'stamp': its compiled objects differ between the two builds though its inputs are the same", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("cause: component 'e1000'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Against_a_release_folder_passes_then_fails_on_a_changed_byte_and_on_a_changed_source()
    {
        project.Target(Target, string.Empty);
        var release = project.Temp.File("release");
        var built = CliRun.Of("build", "--target", Target, "--recipes", project.Temp.File("recipes"), "--out", release, "--cache", project.Cache, "--key", key);
        Assert.True(built.ExitCode == ExitCodes.Success, built.Error);

        var same = Reproduce("--against", release);
        Assert.True(same.ExitCode == ExitCodes.Success, same.Output + same.Error);
        Assert.Contains("reproducible: 8 outputs identical", same.Output, StringComparison.Ordinal);

        var tampered = project.Temp.File("tampered");
        project.Temp.CopyIn(release, "tampered");
        var image = Path.Combine(tampered, Target, Image);
        var offsets = SbomTests.PartitionOffsets(image);
        using (var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = offsets["bootbank"] + 0x20000;
            var value = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(value ^ 0x01));
        }

        var changedByte = Reproduce("--against", tampered);
        Assert.True(changedByte.ExitCode == ExitCodes.VerificationFailed, changedByte.Output + changedByte.Error);
        Assert.Contains($"error FS9001: {Target}/{Image} differs from the release folder, first at 0x{offsets["bootbank"] + 0x20000:x}", changedByte.Error, StringComparison.Ordinal);
        Assert.Contains("partition 'bootbank'", changedByte.Output, StringComparison.Ordinal);
        Assert.Contains("changed afterwards", changedByte.Output, StringComparison.Ordinal);

        var ahci = project.Temp.File("src/firmware/drivers/ahci/ahci.c");
        File.WriteAllText(ahci, File.ReadAllText(ahci).Replace("\" ports=\"", "\" port count=\"", StringComparison.Ordinal));
        var changedSource = Reproduce("--against", release);
        Assert.True(changedSource.ExitCode == ExitCodes.VerificationFailed, changedSource.Output + changedSource.Error);
        Assert.Contains("cause: input src/firmware/drivers/ahci/ahci.c (component 'ahci') differs", changedSource.Output, StringComparison.Ordinal);
        Assert.Contains("partition 'bootbank', file /ahci.efi", changedSource.Output, StringComparison.Ordinal);
    }

    private CliRun Reproduce(params string[] extra) =>
        CliRun.Of(["reproduce", "--target", Target, "--recipes", project.Temp.File("recipes"), "--key", key, .. extra]);
}
