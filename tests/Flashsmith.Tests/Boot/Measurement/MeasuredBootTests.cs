using System.Security.Cryptography;
using System.Text;
using Flashsmith.Boot.Measurement;

namespace Flashsmith.Tests.Boot.Measurement;

/// <summary>
/// The prediction against a replay of the event data: each test writes down the bytes the loader hands the TPM for each event,
/// in order, extends a PCR of its own with their SHA-256 digests (PCR = SHA-256(PCR ‖ digest), from zeros) and compares.
/// </summary>
public sealed class MeasuredBootTests
{
    private const string Config = "bootstate=0\ntitle=Thinvisor\nbuild=1.0.0\nupdated=0000000001\nkernel=/core.efi\nmodules=e1000.efi --- ahci.efi\nguests=hello.bin\n";
    private const string Manifest = "product=thinvisor\nversion=1.0.0\nmodule=e1000.efi e1000 1.0.0 aa 8086:100e\nmodule=ahci.efi ahci 1.0.0 bb 8086:2922\nguest=hello.bin hello 1.0.0 cc 1048576\nfile=xen.cfg xen-cfg 1.0.0 dd\n";

    [Fact]
    public void Value_is_the_replay_of_the_choice_the_config_without_its_state_the_manifest_the_core_and_each_file_in_manifest_order()
    {
        var bank = Bank();

        var measured = MeasuredBoot.Measure("bootbank", Reader(bank));

        byte[][] data =
        [
            Tagged("bank=bootbank reason=newest"),
            Ascii(Config.Replace("bootstate=0\n", string.Empty, StringComparison.Ordinal)),
            bank["/manifest.txt"], bank["/core.efi"], bank["/e1000.efi"], bank["/ahci.efi"], bank["/hello.bin"], bank["/xen.cfg"],
        ];
        Assert.Null(measured.Problem);
        Assert.Equal(Convert.ToHexStringLower(Replay(data)), measured.Value);
        Assert.Equal(
            ["EV_EVENT_TAG bank=bootbank reason=newest", "EV_IPL bootbank:/boot.cfg", "EV_IPL bootbank:/manifest.txt", "EV_IPL bootbank:/core.efi", "EV_IPL bootbank:/e1000.efi", "EV_IPL bootbank:/ahci.efi", "EV_IPL bootbank:/hello.bin", "EV_IPL bootbank:/xen.cfg"],
            measured.Events.Select(e => $"{e.TypeName} {e.Description}"));
        Assert.Equal(data.Select(d => Convert.ToHexStringLower(SHA256.HashData(d))), measured.Events.Select(e => e.DigestHex));
        Assert.Equal(15, MeasuredBoot.Pcr);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void The_bank_state_does_not_change_the_value(string state)
    {
        var valid = MeasuredBoot.Measure("bootbank", Reader(Bank()));
        var other = Bank();
        other["/boot.cfg"] = Ascii(Config.Replace("bootstate=0", "bootstate=" + state, StringComparison.Ordinal));

        Assert.Equal(valid.Value, MeasuredBoot.Measure("bootbank", Reader(other)).Value);
    }

    [Theory]
    [InlineData("/core.efi")]
    [InlineData("/e1000.efi")]
    [InlineData("/hello.bin")]
    [InlineData("/manifest.txt")]
    [InlineData("/boot.cfg")]
    public void A_changed_byte_in_any_measured_file_changes_the_value(string path)
    {
        var changed = Bank();
        changed[path] = [.. changed[path]];
        changed[path][^2] ^= 1;

        Assert.NotEqual(MeasuredBoot.Measure("bootbank", Reader(Bank())).Value, MeasuredBoot.Measure("bootbank", Reader(changed)).Value);
    }

    [Fact]
    public void A_file_the_manifest_names_that_is_missing_is_left_out_as_the_loader_leaves_it_out()
    {
        var bank = Bank();
        bank.Remove("/ahci.efi");

        var measured = MeasuredBoot.Measure("altbootbank", Reader(bank));

        byte[][] data =
        [
            Tagged("bank=altbootbank reason=newest"),
            Ascii(Config.Replace("bootstate=0\n", string.Empty, StringComparison.Ordinal)),
            bank["/manifest.txt"], bank["/core.efi"], bank["/e1000.efi"], bank["/hello.bin"], bank["/xen.cfg"],
        ];
        Assert.Equal(Convert.ToHexStringLower(Replay(data)), measured.Value);
        Assert.DoesNotContain(measured.Events, e => e.Description.EndsWith("ahci.efi", StringComparison.Ordinal));
    }

    [Fact]
    public void After_a_fallback_the_choice_event_names_each_bank_given_up_and_why()
    {
        var measured = MeasuredBoot.Measure("bootbank", Reader(Bank()), [("altbootbank", "not-committed")]);

        Assert.Equal("bank=bootbank reason=fallback from=altbootbank:not-committed", measured.Events[0].Description);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Tagged("bank=bootbank reason=fallback from=altbootbank:not-committed"))), measured.Events[0].DigestHex);
        Assert.NotEqual(MeasuredBoot.Measure("bootbank", Reader(Bank())).Value, measured.Value);
    }

    [Theory]
    [InlineData("kernel=/core.efi", "kernel=", "names no kernel=")]
    [InlineData("kernel=/core.efi", "kernel=/absent.efi", "its core /absent.efi is missing")]
    [InlineData("guests=hello.bin", "guests=hello.bin\nkernelopt=a\tb", "not printable ASCII")]
    public void A_bank_the_loader_gives_up_before_its_core_starts_has_only_its_choice_event_and_no_value(string line, string replacement, string problem)
    {
        var bank = Bank();
        bank["/boot.cfg"] = Ascii(Config.Replace(line, replacement, StringComparison.Ordinal));

        var measured = MeasuredBoot.Measure("bootbank", Reader(bank));

        Assert.Contains(problem, measured.Problem, StringComparison.Ordinal);
        Assert.Null(measured.Value);
        Assert.Single(measured.Events);
    }

    [Fact]
    public void A_core_named_with_backslashes_and_no_leading_slash_is_read_from_the_root()
    {
        var bank = Bank();
        bank["/boot.cfg"] = Ascii(Config.Replace("kernel=/core.efi", @"kernel=cores\core.efi", StringComparison.Ordinal));
        bank["/cores/core.efi"] = bank["/core.efi"];

        var measured = MeasuredBoot.Measure("bootbank", Reader(bank));

        Assert.Contains(measured.Events, e => e.Description == "bootbank:/cores/core.efi");
    }

    /// <summary>TCG_PCClientTaggedEvent: the ID "TVBK" and the data's size, little-endian, then the data.</summary>
    private static byte[] Tagged(string text) => [.. "TVBK"u8, .. BitConverter.GetBytes(text.Length), .. Ascii(text)];

    private static byte[] Replay(IEnumerable<byte[]> data)
    {
        var pcr = new byte[32];
        foreach (var d in data)
        {
            pcr = SHA256.HashData([.. pcr, .. SHA256.HashData(d)]);
        }

        return pcr;
    }

    private static Dictionary<string, byte[]> Bank() => new(StringComparer.Ordinal)
    {
        ["/boot.cfg"] = Ascii(Config),
        ["/manifest.txt"] = Ascii(Manifest),
        ["/core.efi"] = Ascii("MZ core"),
        ["/e1000.efi"] = Ascii("MZ e1000"),
        ["/ahci.efi"] = Ascii("MZ ahci"),
        ["/hello.bin"] = Ascii("hello guest"),
        ["/xen.cfg"] = Ascii("[global]\n"),
    };

    private static Func<string, byte[]?> Reader(Dictionary<string, byte[]> bank) => path => bank.GetValueOrDefault(path);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
