using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// provision on loop devices the tests make (the only block devices tests touch), judged by sgdisk,
/// fsck.fat, sqlite3, verify and a QEMU boot of the key itself.
/// </summary>
public sealed class ProvisionDeviceTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private const long FourGiB = 4L << 30;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Four_GiB_key_passes_sgdisk_fsck_and_verify_and_boots_as_usb_stick_and_sata_disk()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), FourGiB);
        var log = temp.File("factory.db");

        var run = ProvisionFixture.Provision(fixture.Image, log, "--device", key.Path, "--allow-fixed", key.Path, "--serial", "SN-0001", "--hostname", "edge-01", "--asset-tag", "A-17", "--yes");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("not for release", run.Output, StringComparison.Ordinal);
        var sgdisk = ExternalTool.Run("sgdisk", "-v", key.Path);
        Assert.Contains("No problems found", sgdisk.Output, StringComparison.Ordinal);
        var table = JsonNode.Parse(ExternalTool.Check("sfdisk", "--json", key.Path).Output)!["partitiontable"]!;
        Assert.Equal(FourGiB / 512 - 34, (long)table["lastlba"]!);
        for (var i = 1; i <= 4; i++)
        {
            var fsck = ExternalTool.Run("fsck.fat", "-n", key.PartitionNode(i, temp.Path));
            Assert.True(fsck.ExitCode == 0, $"partition {i}: {fsck.All}");
        }

        var verify = CliRun.Of("verify", key.Path, "--cert", ProvisionFixture.Certificate);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("\"serial\": \"SN-0001\"", verify.Output, StringComparison.Ordinal);
        var rows = ExternalTool.Check("sqlite3", log, "select device_path, unit_serial, hostname, asset_tag, result, reason is null, ended_at is not null, bytes_written > 0 from attempts").Output.Trim();
        Assert.Equal($"{key.Path}|SN-0001|edge-01|A-17|ok|1|1|1", rows);

        foreach (var boot in new[] { QemuBoot.BootUsb(key.Path), QemuBoot.BootDisk(key.Path) })
        {
            Assert.Equal(["THINVISOR UNIT serial=SN-0001 hostname=edge-01"], boot.Lines("THINVISOR UNIT"));
            Assert.Equal(["THINVISOR READY drivers=5 guests=1"], boot.Lines("THINVISOR READY"));
        }
    }

    [Fact]
    public void Grow_makes_the_unit_partition_fill_the_key_and_every_check_still_holds()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), FourGiB);

        var run = ProvisionFixture.Provision(fixture.Image, temp.File("factory.db"), "--device", key.Path, "--allow-fixed", key.Path, "--serial", "SN-0002", "--grow", "--yes");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var table = JsonNode.Parse(ExternalTool.Check("sfdisk", "--json", key.Path).Output)!["partitiontable"]!;
        var unit = table["partitions"]!.AsArray().Single(p => (string)p!["name"]! == "unit")!;
        var end = (long)unit["start"]! + (long)unit["size"]!;
        Assert.InRange(end, (FourGiB / 512) - 34 - 128, (FourGiB / 512) - 33);
        Assert.Equal(0, end % 128);
        Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", key.Path).Output, StringComparison.Ordinal);
        var node = key.PartitionNode(4, temp.Path);
        var fsck = ExternalTool.Run("fsck.fat", "-n", "-v", node);
        Assert.True(fsck.ExitCode == 0, fsck.All);
        Assert.Contains("32 bit entries", fsck.All, StringComparison.Ordinal);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(0, ExternalTool.Run("fsck.fat", "-n", key.PartitionNode(i, temp.Path)).ExitCode);
        }

        var verify = CliRun.Of("verify", key.Path, "--cert", ProvisionFixture.Certificate);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        var boot = QemuBoot.BootUsb(key.Path);
        Assert.Equal(["THINVISOR UNIT serial=SN-0002 hostname=-"], boot.Lines("THINVISOR UNIT"));
        Assert.Equal(["THINVISOR READY drivers=5 guests=1"], boot.Lines("THINVISOR READY"));
    }

    [Fact]
    public void Mounted_partition_is_refused_and_not_one_byte_is_written()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), 64L << 20);
        ExternalTool.Check("sgdisk", "-n", "1:2048:+32M", "-t", "1:8300", key.Path);
        var node = key.PartitionNode(1, temp.Path);
        ExternalTool.Check("mkfs.ext4", "-q", "-F", node);
        var mountPoint = temp.File("mnt");
        Directory.CreateDirectory(mountPoint);
        ExternalTool.Check("mount", "-t", "ext4", node, mountPoint);
        try
        {
            AssertRefused(key, ["--allow-fixed", key.Path], "mounted", ExitCodes.DeviceFailure);
        }
        finally
        {
            ExternalTool.Check("umount", mountPoint);
        }
    }

    [Fact]
    public void Read_only_device_is_refused_and_not_one_byte_is_written()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), 64L << 20, readOnly: true);
        AssertRefused(key, ["--allow-fixed", key.Path], "read-only", ExitCodes.DeviceFailure);
    }

    [Fact]
    public void Device_smaller_than_the_image_is_refused_and_not_one_byte_is_written()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), 16L << 20);
        AssertRefused(key, ["--allow-fixed", key.Path], "too small", ExitCodes.DeviceFailure);
    }

    [Fact]
    public void Fixed_disk_without_allow_fixed_is_refused_and_not_one_byte_is_written()
    {
        using var key = LoopDevice.Create(temp.File("key.img"), 64L << 20);
        AssertRefused(key, [], "fixed disk", ExitCodes.DeviceFailure);
        using var other = LoopDevice.Create(temp.File("other.img"), 64L << 20);
        AssertRefused(key, ["--allow-fixed", other.Path], "fixed disk", ExitCodes.DeviceFailure);
    }

    [Fact]
    public void Device_that_fails_mid_write_exits_5_is_logged_failed_with_the_error_and_has_no_partition_table()
    {
        var small = temp.File("tmpfs");
        Directory.CreateDirectory(small);
        ExternalTool.Check("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small);
        try
        {
            using var key = LoopDevice.Create(Path.Combine(small, "key.img"), 64L << 20);
            var log = temp.File("factory.db");

            var run = ProvisionFixture.Provision(fixture.Image, log, "--device", key.Path, "--allow-fixed", key.Path, "--serial", "SN-FAIL", "--yes");

            Assert.Equal(ExitCodes.DeviceFailure, run.ExitCode);
            Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
            Assert.Contains(key.Path, run.Error, StringComparison.Ordinal);
            var row = ExternalTool.Check("sqlite3", log, "select result, reason from attempts").Output.Trim();
            Assert.StartsWith("failed|", row, StringComparison.Ordinal);
            Assert.Matches("errno|error|No space", row);
            var sgdisk = ExternalTool.Run("sgdisk", "-v", key.Path);
            Assert.Contains("Creating new GPT entries", sgdisk.All, StringComparison.Ordinal);
            var head = new byte[512 * 2];
            using (var file = File.OpenRead(key.File))
            {
                file.ReadExactly(head);
            }

            Assert.True(head.All(b => b == 0), "the key still holds a protective MBR or GPT header");

            // The serial of a failed write may be used again.
            using var good = LoopDevice.Create(temp.File("good.img"), 64L << 20);
            var retry = ProvisionFixture.Provision(fixture.Image, log, "--device", good.Path, "--allow-fixed", good.Path, "--serial", "SN-FAIL", "--yes");
            Assert.True(retry.ExitCode == 0, retry.Error);
        }
        finally
        {
            ExternalTool.Run("umount", "-l", small);
        }
    }

    private void AssertRefused(LoopDevice key, string[] extra, string reason, int exitCode)
    {
        var before = ProvisionFixture.Sha256(key.File);
        var log = temp.File($"factory-{Guid.NewGuid():N}.db");

        var run = ProvisionFixture.Provision(fixture.Image, log, ["--device", key.Path, "--serial", "SN-R", "--yes", .. extra]);

        Assert.True(run.ExitCode == exitCode, run.Output + run.Error);
        Assert.Contains(reason, run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, ProvisionFixture.Sha256(key.File));
        Assert.Equal("refused", ExternalTool.Check("sqlite3", log, "select result from attempts").Output.Trim());
    }
}
