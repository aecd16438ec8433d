using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// station as a process, watching for loop devices the test attaches while it runs, at numbers far above
/// those other programs get from losetup -f, with a slot pattern that names only them.
/// </summary>
public sealed class StationTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private const long KeySize = 64L << 20;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Station_provisions_keys_attached_in_its_slots_ignores_others_and_ctrl_c_exits_130_with_the_log_consistent()
    {
        var units = temp.File("units.csv");
        File.WriteAllText(units, "serial,hostname,asset_tag\nU-1,host-1,T1\nU-2,host-2,T2\nU-3,host-3,T3\n");
        var log = temp.File("factory.db");
        var basis = 200 + (Random.Shared.Next(0, 9) * 10);
        var keys = new List<LoopDevice>();
        var station = StationProcess.Start(fixture.Image, log, units, $"/dev/loop{basis / 10}[0-9]");
        try
        {
            station.WaitFor(j => (string?)j["event"] == "ready", "the station to be ready");
            var outside = LoopDevice.CreateAt(temp.File("outside.img"), KeySize, basis + 100);
            keys.Add(outside);
            keys.Add(LoopDevice.CreateAt(temp.File("a.img"), KeySize, basis + 1));
            keys.Add(LoopDevice.CreateAt(temp.File("b.img"), KeySize, basis + 2));

            var doneA = station.WaitFor(j => (string?)j["slot"] == keys[1].Name && (string?)j["state"] is "done" or "failed", $"{keys[1].Name} to be done");
            var doneB = station.WaitFor(j => (string?)j["slot"] == keys[2].Name && (string?)j["state"] is "done" or "failed", $"{keys[2].Name} to be done");
            Assert.Equal(("done", "done"), ((string?)doneA["state"], (string?)doneB["state"]));
            Assert.NotEqual((string?)doneA["unitSerial"], (string?)doneB["unitSerial"]);
            foreach (var key in keys.Skip(1))
            {
                var verify = CliRun.Of("verify", key.Path, "--cert", ProvisionFixture.Certificate);
                Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
            }

            // A third key, interrupted while it is written.
            var c = LoopDevice.CreateAt(temp.File("c.img"), 1L << 30, basis + 3);
            keys.Add(c);
            station.WaitFor(j => (string?)j["slot"] == c.Name && (string?)j["state"] == "writing" && j["unitSerial"] is not null, $"{c.Name} to be written");
            var exit = station.Interrupt();

            Assert.True(exit == ExitCodes.Interrupted, station.Error);
            Assert.DoesNotContain(station.Lines, j => (string?)j["slot"] == outside.Name);
            Assert.True(new FileInfo(outside.File).Length == KeySize && AllZero(outside.File), "the device outside the slots was written");
            var rows = ExternalTool.Check("sqlite3", log, "select device_path, unit_serial, result, ended_at is not null from attempts order by id").Output.Trim().Split('\n');
            Assert.Equal(3, rows.Length);
            Assert.Equal([$"{keys[1].Path}|{doneA["unitSerial"]}|ok|1", $"{keys[2].Path}|{doneB["unitSerial"]}|ok|1"], rows[..2].Order(StringComparer.Ordinal));
            Assert.Matches($"^{c.Path}\\|U-3\\|(interrupted|ok)\\|1$", rows[2]);
        }
        finally
        {
            station.Dispose();
            keys.ForEach(k => k.Dispose());
        }
    }

    private static bool AllZero(string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }
}
