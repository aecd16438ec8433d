using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>The five OEM targets, built together, each boot to READY with its own drivers and the hello guest.</summary>
public sealed class OemTargetTests(AllTargetsBuild build) : IClassFixture<AllTargetsBuild>
{
    public static TheoryData<string, string, string[]> Targets => new()
    {
        { "dell-poweredge-r710", "Thinvisor for Dell PowerEdge R710", ["ahci", "e1000", "xhci", "serial-16550", "ipmi-kcs"] },
        { "hp-proliant-dl380-g5", "Thinvisor for HP ProLiant DL380 G5", ["ahci", "e1000", "xhci", "ipmi-kcs", "hp-amsd", "hp-ilo-ipmi"] },
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
    public void Target_boots_to_ready_with_its_own_drivers_and_the_hello_guest(string target, string banner, string[] drivers)
    {
        var boot = QemuBoot.BootDisk(build.Image(target), "-device", "e1000", "-device", "ipmi-bmc-sim,id=bmc0", "-device", "pci-ipmi-kcs,bmc=bmc0");

        Assert.Contains(banner, boot.Console, StringComparison.Ordinal);
        Assert.Contains($"THINVISOR BOOT product=thinvisor version=1.0.0 target={target}", boot.Console, StringComparison.Ordinal);
        var lines = boot.Lines("THINVISOR DRIVER");
        Assert.Equal(drivers, lines.Select(l => l.Split(' ')[2]["name=".Length..]));
        string[] managementDrivers = ["ipmi-kcs", "hp-amsd", "hp-ilo-ipmi", "ibm-imm", "nec-bmc", "fujitsu-irmc"];
        Assert.All(lines.Where(l => managementDrivers.Any(m => l.Contains($"name={m} ", StringComparison.Ordinal))), l => Assert.Contains("probe=found 1234:1112", l, StringComparison.Ordinal));
        var vm = boot.Lines("THINVISOR VM ");
        Assert.Equal(2, vm.Count);
        Assert.Equal("THINVISOR VM name=hello memory=1MiB npt=on", vm[0]);
        Assert.StartsWith("THINVISOR VM name=hello exit=halt exits=", vm[1], StringComparison.Ordinal);
        Assert.Equal("THINVISOR GUEST hello: Hello from hello", boot.Lines("THINVISOR GUEST hello: ")[0]);
        GuestTests.AssertHashLine(boot, "hello", 1048576);
        Assert.Equal([$"THINVISOR READY drivers={drivers.Length} guests=1"], boot.Lines("THINVISOR READY"));
    }

    [Fact]
    public void Budget_page_in_headless_chromium_draws_what_budget_json_says()
    {
        var page = Path.Combine(build.Images, "budget.html");
        var screenshot = build.Temp.File("budget.png");
        string[] flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={build.Temp.File("chromium-profile")}", "--window-size=900,2400"];

        var shot = ExternalTool.Run("chromium", [.. flags, $"--screenshot={screenshot}", "file://" + page], TimeSpan.FromMinutes(2));
        var dom = ExternalTool.Run("chromium", [.. flags, "--dump-dom", "file://" + page], TimeSpan.FromMinutes(2)).Output;

        Assert.True(File.Exists(screenshot), shot.All);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(screenshot)[..4]);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is nearly empty");
        foreach (var target in Targets.Select(t => (string)t[0]))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Images, target, "budget.json")));
            var section = System.Text.RegularExpressions.Regex.Match(dom, $"<section class=\"target\" data-target=\"{target}\" data-verdict=\"(\\w+)\">(.*?)</section>", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(section.Success, target);
            Assert.Equal(json.RootElement.GetProperty("verdict").GetString(), section.Groups[1].Value);
            foreach (var partition in json.RootElement.GetProperty("partitions").EnumerateArray())
            {
                var name = partition.GetProperty("name").GetString();
                var size = partition.GetProperty("sizeBytes").GetInt64();
                var bar = System.Text.RegularExpressions.Regex.Match(section.Groups[2].Value, $"<div class=\"bar\" data-partition=\"{name}\" data-size=\"{size}\"[^>]*>(.*?)</div>(?=\\s*(<div>|<table))", System.Text.RegularExpressions.RegexOptions.Singleline);
                Assert.True(bar.Success, $"{target} {name}");
                var segments = System.Text.RegularExpressions.Regex.Matches(bar.Groups[1].Value, "<div class=\"seg (\\w+)\" data-name=\"([^\"]+)\" data-bytes=\"(\\d+)\"[^>]*data-drawn-width=\"([\\d.]+)\"");
                var expected = partition.GetProperty("groups").EnumerateObject().Select(g => (g.Name, g.Value.GetInt64()))
                    .Append(("other", partition.GetProperty("otherBytes").GetInt64()))
                    .Append(("overhead", partition.GetProperty("overheadBytes").GetInt64()))
                    .Append(("free", partition.GetProperty("freeBytes").GetInt64()))
                    .ToList();
                Assert.Equal(expected, segments.Select(m => (m.Groups[2].Value, long.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))));
                foreach (System.Text.RegularExpressions.Match segment in segments)
                {
                    var drawn = double.Parse(segment.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
                    var bytes = long.Parse(segment.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.InRange(drawn, (bytes * 720.0 / size) - 1, (bytes * 720.0 / size) + 1);
                }
            }

            foreach (var line in json.RootElement.GetProperty("lines").EnumerateArray())
            {
                Assert.Contains($"data-kind=\"{line.GetProperty("kind").GetString()}\" data-name=\"{line.GetProperty("name").GetString()}\" data-used=\"{line.GetProperty("usedBytes").GetInt64()}\"", section.Groups[2].Value, StringComparison.Ordinal);
            }
        }

        Assert.Contains("class=\"mark warn\"", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"mark limit\"", dom, StringComparison.Ordinal);
    }
}
