using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// Several keys written by one provision: loop devices the tests make, judged by sgdisk, fsck.fat, sqlite3,
/// verify and a QEMU boot; one device over a file on a tmpfs too small for it fails alone.
/// </summary>
public sealed class ProvisionParallelTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private const long KeySize = 256L << 20;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Four_keys_in_one_call_each_pass_sgdisk_fsck_and_verify_with_distinct_serials_and_one_boots()
    {
        var units = Units(4);
        var log = temp.File("factory.db");
        var keys = Enumerable.Range(1, 4).Select(i => LoopDevice.Create(temp.File($"key{i}.img"), KeySize)).ToList();
        try
        {
            var run = ProvisionFixture.Provision(fixture.Image, log, [.. Devices(keys), "--units", units, "--yes", "--json"]);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var devices = JsonNode.Parse(run.Output)!["devices"]!.AsArray();
            Assert.Equal(keys.Select(k => k.Path), devices.Select(d => (string)d!["device"]!));
            Assert.Equal(["ok", "ok", "ok", "ok"], devices.Select(d => (string)d!["result"]!));
            var rows = ExternalTool.Check("sqlite3", log, "select device_path, unit_serial, result from attempts order by id").Output.Trim().Split('\n');
            Assert.Equal(keys.Select((k, i) => $"{k.Path}|U-{i + 1}|ok"), rows);
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", key.Path).Output, StringComparison.Ordinal);
                for (var p = 1; p <= 4; p++)
                {
                    var fsck = ExternalTool.Run("fsck.fat", "-n", key.PartitionNode(p, temp.Path));
                    Assert.True(fsck.ExitCode == 0, $"{key.Path} partition {p}: {fsck.All}");
                }

                var verify = CliRun.Of("verify", key.Path, "--cert", ProvisionFixture.Certificate);
                Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
                Assert.Contains($"\"serial\": \"U-{i + 1}\"", verify.Output, StringComparison.Ordinal);
            }

            var boot = QemuBoot.BootUsb(keys[2].Path);
            Assert.Equal(["THINVISOR UNIT serial=U-3 hostname=host-3"], boot.Lines("THINVISOR UNIT"));
            Assert.Equal(["THINVISOR READY drivers=5 guests=1"], boot.Lines("THINVISOR READY"));
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    [Fact]
    public void One_of_four_failing_mid_write_fails_alone_with_its_reason_and_exit_5()
    {
        var small = temp.File("tmpfs");
        Directory.CreateDirectory(small);
        ExternalTool.Check("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small);
        var keys = new List<LoopDevice>();
        try
        {
            keys.Add(LoopDevice.Create(temp.File("key1.img"), KeySize));
            keys.Add(LoopDevice.Create(Path.Combine(small, "key2.img"), KeySize));
            keys.Add(LoopDevice.Create(temp.File("key3.img"), KeySize));
            keys.Add(LoopDevice.Create(temp.File("key4.img"), KeySize));
            var log = temp.File("factory.db");

            var run = ProvisionFixture.Provision(fixture.Image, log, [.. Devices(keys), "--units", Units(4), "--yes"]);

            Assert.Equal(ExitCodes.DeviceFailure, run.ExitCode);
            Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
            var failed = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("error FS7002: ", StringComparison.Ordinal));
            Assert.StartsWith($"error FS7002: {keys[1].Path}: failed: {keys[1].Path}: ", failed, StringComparison.Ordinal);
            var rows = ExternalTool.Check("sqlite3", log, "select device_path, result, reason from attempts order by id").Output.Trim().Split('\n');
            Assert.Equal([$"{keys[0].Path}|ok|", $"{keys[2].Path}|ok|", $"{keys[3].Path}|ok|"], rows.Where((_, i) => i != 1));
            Assert.Matches($"^{keys[1].Path}\\|failed\\|{keys[1].Path}: (the write of|flushing).*(No space|errno|error)", rows[1]);
            var reason = rows[1].Split('|')[2];
            Assert.Contains(reason[..60], run.Output, StringComparison.Ordinal);
            foreach (var good in keys.Where((_, i) => i != 1))
            {
                Assert.Equal(0, CliRun.Of("verify", good.Path, "--cert", ProvisionFixture.Certificate).ExitCode);
            }

            Assert.Contains("Creating new GPT entries", ExternalTool.Run("sgdisk", "-v", keys[1].Path).All, StringComparison.Ordinal);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
            ExternalTool.Run("umount", "-l", small);
        }
    }

    private static IEnumerable<string> Devices(IEnumerable<LoopDevice> keys) =>
        keys.SelectMany(k => new[] { "--device", k.Path, "--allow-fixed", k.Path });

    private string Units(int count)
    {
        var path = temp.File("units.csv");
        File.WriteAllLines(path, ["serial,hostname,asset_tag", .. Enumerable.Range(1, count).Select(i => $"U-{i},host-{i},T{i}")]);
        return path;
    }
}
