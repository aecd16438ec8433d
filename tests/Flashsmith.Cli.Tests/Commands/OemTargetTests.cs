using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>The five OEM targets, built together, each boot to READY with its own drivers.</summary>
public sealed class OemTargetTests(AllTargetsBuild build) : IClassFixture<AllTargetsBuild>
{
    public static TheoryData<string, string, string[]> Targets => new()
    {
        { "dell-poweredge-r710", "Thinvisor for Dell PowerEdge R710", ["ahci", "e1000", "xhci", "serial-16550", "ipmi-kcs"] },
        { "hp-proliant-dl380-g5", "Thinvisor for HP ProLiant DL380 G5", ["ahci", "e1000", "xhci", "ipmi-kcs", "hp-ilo"] },
        { "ibm-x3950-m2", "Thinvisor for IBM System x3950 M2", ["ahci", "e1000", "xhci", "serial-16550", "ipmi-kcs", "ibm-imm", "ibm-serveraid"] },
        { "nec-express5800", "Thinvisor for NEC Express5800", ["ahci", "e1000", "serial-16550", "ipmi-kcs", "nec-bmc"] },
        { "fujitsu-primergy-rx300", "Thinvisor for Fujitsu PRIMERGY RX300", ["ahci", "e1000", "xhci", "serial-16550", "ipmi-kcs", "fujitsu-irmc", "fujitsu-lan"] },
    };

    [Fact]
    public void Build_all_makes_five_images_and_one_summary()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        foreach (var target in Targets.Select(t => (string)t[0]))
        {
            Assert.True(File.Exists(build.Image(target)), target);
            Assert.Matches($@"│ {target}\s+│", build.Run.Output);
        }

        Assert.Contains("│ warning", build.Run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_boots_to_ready_with_its_own_drivers(string target, string banner, string[] drivers)
    {
        var boot = QemuBoot.BootDisk(build.Image(target), "-device", "e1000", "-device", "ipmi-bmc-sim,id=bmc0", "-device", "pci-ipmi-kcs,bmc=bmc0");

        Assert.Contains(banner, boot.Console, StringComparison.Ordinal);
        Assert.Contains($"THINVISOR BOOT product=thinvisor version=1.0.0 target={target}", boot.Console, StringComparison.Ordinal);
        var lines = boot.Lines("THINVISOR DRIVER");
        Assert.Equal(drivers, lines.Select(l => l.Split(' ')[2]["name=".Length..]));
        string[] managementDrivers = ["ipmi-kcs", "hp-ilo", "ibm-imm", "nec-bmc", "fujitsu-irmc"];
        Assert.All(lines.Where(l => managementDrivers.Any(m => l.Contains($"name={m} ", StringComparison.Ordinal))), l => Assert.Contains("probe=found 1234:1112", l, StringComparison.Ordinal));
        Assert.Equal([$"THINVISOR READY drivers={drivers.Length}"], boot.Lines("THINVISOR READY"));
    }
}
