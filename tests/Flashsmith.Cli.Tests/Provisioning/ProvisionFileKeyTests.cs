using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// provision and verify on files that stand in for keys: tampering found without the image or its seal,
/// keys written by bmaptool, refused images, unit serials kept unique by the log's database.
/// </summary>
public sealed class ProvisionFileKeyTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private const long KeySize = 64L << 20;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("bootbank", "/e1000.efi", 100)]
    [InlineData("bootbank", "/boot.cfg", 3)]
    [InlineData("esp", "/EFI/BOOT/BOOTX64.EFI", 4000)]
    [InlineData("bootbank", "FAT 1", 6)]
    [InlineData("altbootbank", "the root directory", 40)]
    public void Byte_changed_on_a_provisioned_key_fails_verify_naming_the_partition_and_what_holds_it(string partition, string place, int delta)
    {
        var key = Provisioned("SN-T");
        Assert.Equal(0, CliRun.Of("verify", key, "--cert", ProvisionFixture.Certificate).ExitCode);
        var offset = OffsetOf(key, partition, place) + delta;
        using (var file = new FileStream(key, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = offset;
            var b = file.ReadByte();
            file.Position = offset;
            file.WriteByte((byte)(b ^ 0x5A));
        }

        var verify = CliRun.Of("verify", key, "--cert", ProvisionFixture.Certificate);

        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        var line = verify.Error.Split('\n').Single(l => l.Contains("against the key seal", StringComparison.Ordinal) && l.Contains($"'{partition}'", StringComparison.Ordinal));
        Assert.Contains(place, line, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_changed_in_the_partition_entries_fails_verify()
    {
        var key = Provisioned("SN-E");
        // Partition 2's name, in the primary and the backup entries alike, with the CRCs made right by sgdisk.
        ExternalTool.Check("sgdisk", "-c", "2:renamed", key);

        var verify = CliRun.Of("verify", key, "--cert", ProvisionFixture.Certificate);

        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        Assert.Contains("partition entries against the key seal: entry 2 is 'renamed'", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_written_by_bmaptool_over_old_data_verifies()
    {
        using var key = LoopDevice.Create(temp.File("bmap-key.img"), KeySize);
        using (var file = new FileStream(key.File, FileMode.Open, FileAccess.Write))
        {
            var old = new byte[KeySize];
            Array.Fill(old, (byte)0xA5);
            file.Write(old);
        }

        var copy = ExternalTool.Run("bmaptool", "copy", "--bmap", fixture.Image + ".bmap", fixture.Image, key.Path);
        Assert.True(copy.ExitCode == 0, copy.All);

        var verify = CliRun.Of("verify", key.Path, "--cert", ProvisionFixture.Certificate);

        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("key seal", verify.Output, StringComparison.Ordinal);
        Assert.Contains("unit record: none", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_provisioned_over_old_data_is_clean_for_fsck_and_verifies()
    {
        var key = ProvisionFixture.KeyFile(temp, "used.img", KeySize, fill: 0xFF);
        var run = ProvisionFixture.Provision(fixture.Image, temp.File("f.db"), "--device", key, "--serial", "SN-U", "--yes");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, CliRun.Of("verify", key, "--cert", ProvisionFixture.Certificate).ExitCode);
        Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", key).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_tampered_and_foreign_key_images_exit_4_and_touch_no_device()
    {
        var key = ProvisionFixture.KeyFile(temp, "key.img", KeySize);
        var before = ProvisionFixture.Sha256(key);
        var log = temp.File("f.db");

        var unsigned = fixture.CopyImage(temp.File("unsigned"));
        File.Delete(unsigned + ".p7s");
        var tampered = fixture.CopyImage(temp.File("tampered"));
        using (var file = new FileStream(tampered, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = (9L << 20) + 7;
            file.WriteByte(0x42);
        }

        var other = temp.File("other-key");
        Assert.Equal(0, CliRun.Of("keys", "generate", "--out", other).ExitCode);

        foreach (var (image, cert) in new[] { (unsigned, ProvisionFixture.Certificate), (tampered, ProvisionFixture.Certificate), (fixture.Image, Path.Combine(other, "cert.pem")) })
        {
            var run = CliRun.Of("provision", image, "--cert", cert, "--log", log, "--device", key, "--serial", "SN-X", "--yes");
            Assert.True(run.ExitCode == ExitCodes.VerificationFailed, run.Output + run.Error);
            Assert.Contains("nothing was written", run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(before, ProvisionFixture.Sha256(key));
        Assert.Equal("refused|3", ExternalTool.Check("sqlite3", log, "select result, count(*) from attempts group by result").Output.Trim());
    }

    [Fact]
    public void Without_yes_and_without_a_terminal_provision_exits_2_and_writes_nothing()
    {
        var key = ProvisionFixture.KeyFile(temp, "key.img", KeySize);
        var before = ProvisionFixture.Sha256(key);

        var run = ProvisionFixture.Provision(fixture.Image, temp.File("f.db"), "--device", key, "--serial", "SN-Y");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--yes", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, ProvisionFixture.Sha256(key));
    }

    [Theory]
    [InlineData("yes", ExitCodes.Success)]
    [InlineData("no", ExitCodes.BadInput)]
    [InlineData(null, ExitCodes.BadInput)]
    public void On_a_terminal_provision_lists_the_device_and_writes_only_after_yes(string? answer, int exitCode)
    {
        var key = ProvisionFixture.KeyFile(temp, "key.img", KeySize);
        var before = ProvisionFixture.Sha256(key);
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = CliEnvironment.ForText(output, error);
        var terminal = new CliEnvironment(environment.Output, error, _ => null) { InputIsTerminal = true, ReadLine = () => answer };

        var code = FlashsmithCli.Run(["provision", fixture.Image, "--cert", ProvisionFixture.Certificate, "--log", temp.File("f.db"), "--device", key, "--serial", "SN-Q"], terminal);

        Assert.True(code == exitCode, output.ToString() + error);
        Assert.Contains($"This device will be overwritten:\n  {key}  -  serial -  64 MiB (67108864 bytes)\nType 'yes' to write it: ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(answer == "yes", before != ProvisionFixture.Sha256(key));
    }

    [Fact]
    public void The_image_itself_as_the_device_is_refused()
    {
        var image = fixture.CopyImage(temp.File("self"));
        var before = ProvisionFixture.Sha256(image);

        var run = ProvisionFixture.Provision(image, temp.File("f.db"), "--device", image, "--serial", "SN-S", "--yes");

        Assert.Equal(ExitCodes.DeviceFailure, run.ExitCode);
        Assert.Contains("is the image", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, ProvisionFixture.Sha256(image));
    }

    [Fact]
    public void Duplicate_unit_serial_is_refused_by_the_database_before_anything_is_written()
    {
        var log = temp.File("f.db");
        var first = ProvisionFixture.KeyFile(temp, "a.img", KeySize);
        var second = ProvisionFixture.KeyFile(temp, "b.img", KeySize);
        Assert.Equal(0, ProvisionFixture.Provision(fixture.Image, log, "--device", first, "--serial", "SN-DUP", "--yes").ExitCode);
        var before = ProvisionFixture.Sha256(second);

        var run = ProvisionFixture.Provision(fixture.Image, log, "--device", second, "--serial", "SN-DUP", "--yes");

        Assert.Equal(ExitCodes.DeviceFailure, run.ExitCode);
        Assert.Contains("SN-DUP", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, ProvisionFixture.Sha256(second));
        Assert.Equal("ok|1\nrefused|1", ExternalTool.Check("sqlite3", log, "select result, count(*) from attempts where unit_serial = 'SN-DUP' or result = 'refused' group by result order by result").Output.Trim());
        Assert.Contains("attempts_unit_serial_taken", ExternalTool.Check("sqlite3", log, ".schema attempts").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Units_file_gives_each_device_the_next_row_not_yet_provisioned()
    {
        var log = temp.File("f.db");
        var units = temp.File("units.csv");
        File.WriteAllText(units, "serial,hostname,asset_tag\nU-1,host-1,T1\nU-2,host-2,T2\nU-3,host-3,\n");
        var a = ProvisionFixture.KeyFile(temp, "a.img", KeySize);
        Assert.Equal(0, ProvisionFixture.Provision(fixture.Image, log, "--device", a, "--serial", "U-1", "--yes").ExitCode);
        var b = ProvisionFixture.KeyFile(temp, "b.img", KeySize);
        var c = ProvisionFixture.KeyFile(temp, "c.img", KeySize);

        var run = ProvisionFixture.Provision(fixture.Image, log, "--device", b, "--device", c, "--units", units, "--yes", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("\"serial\": \"U-2\"", CliRun.Of("verify", b, "--cert", ProvisionFixture.Certificate).Output, StringComparison.Ordinal);
        Assert.Contains("\"serial\": \"U-3\"", CliRun.Of("verify", c, "--cert", ProvisionFixture.Certificate).Output, StringComparison.Ordinal);
        var d = ProvisionFixture.KeyFile(temp, "d.img", KeySize);
        var none = ProvisionFixture.Provision(fixture.Image, log, "--device", d, "--units", units, "--yes");
        Assert.Equal(ExitCodes.DeviceFailure, none.ExitCode);
    }

    [Fact]
    public void Interrupt_during_the_write_records_interrupted_and_leaves_no_partition_table()
    {
        var key = ProvisionFixture.KeyFile(temp, "key.img", KeySize);
        var log = temp.File("f.db");
        using var cancel = new CancellationTokenSource();
        var request = new ProvisionRequest(fixture.Image, [key], ProvisionFixture.Certificate, CliRun.RepositoryRoot, new UnitIdentity("SN-INT"), null, false, [], log, "station-1");
        var progress = new CancelOnWrite(cancel);

        Assert.ThrowsAny<OperationCanceledException>(() => Provisioner.Run(request, _ => true, progress, TimeProvider.System, cancel.Token));

        Assert.Equal("interrupted|" + Provisioner.InterruptedReason, ExternalTool.Check("sqlite3", log, "select result, reason from attempts").Output.Trim());
        using var stream = File.OpenRead(key);
        var head = new byte[34 * 512];
        stream.ReadExactly(head);
        Assert.True(head.All(b => b == 0));
    }

    private string Provisioned(string serial)
    {
        var key = ProvisionFixture.KeyFile(temp, $"{serial}.img", KeySize);
        var run = ProvisionFixture.Provision(fixture.Image, temp.File($"{serial}.db"), "--device", key, "--serial", serial, "--yes");
        Assert.True(run.ExitCode == 0, run.Error);
        return key;
    }

    /// <summary>The byte offset in the key of a file's data, a FAT, or the root directory of a partition.</summary>
    private static long OffsetOf(string key, string partitionName, string place)
    {
        using var stream = File.OpenRead(key);
        var partition = PartitionTable.Read(stream).Find(partitionName)!;
        var fs = new FatFileSystem(stream, partition.Offset.Bytes, partition.Size.Bytes);
        var b = fs.BootSector;
        return partition.Offset.Bytes + place switch
        {
            "FAT 1" => (long)b.ReservedSectors * fs.SectorSize,
            "the root directory" => (long)(b.ReservedSectors + (b.FatCount * b.FatSectors)) * fs.SectorSize,
            _ => fs.DataOffset(fs.Find(place)!.FirstCluster),
        };
    }

    private sealed class CancelOnWrite(CancellationTokenSource cancel) : IProgress<KeyProgress>
    {
        public void Report(KeyProgress value)
        {
            if (value.Phase == KeyPhase.Writing && value.Done > 0)
            {
                cancel.Cancel();
            }
        }
    }
}
