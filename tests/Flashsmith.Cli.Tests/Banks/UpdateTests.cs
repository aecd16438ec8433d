using Flashsmith.Boot;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>update, banks and boot together on real images: the update boots, a broken or failing one falls back, an interrupted one leaves the old bank booting.</summary>
public sealed class UpdateTests(BankBuilds builds) : IClassFixture<BankBuilds>
{
    [Fact]
    public void Update_to_v2_boots_v2_commits_it_and_boots_it_again()
    {
        var image = builds.CopyV1("to-v2");

        var update = CliRun.Of("update", image, builds.V2, "--yes", "--cert", BankBuilds.Certificate);

        Assert.True(update.ExitCode == 0, update.Output + update.Error);
        Assert.Contains("'altbootbank' now holds 1.1.0", update.Output, StringComparison.Ordinal);
        var verify = CliRun.Of("verify", image, "--cert", BankBuilds.Certificate);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("ok     partition 'altbootbank' against its partition seal (thinvisor 1.1.0", verify.Output, StringComparison.Ordinal);

        var first = CliRun.Of("boot", image, "--persist");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.1.0 target=dell-poweredge-r710", first.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR READY drivers=5", first.Output, StringComparison.Ordinal);
        var banks = Banks(image);
        Assert.Equal("altbootbank", banks.Next?.Partition);
        Assert.Equal([("bootbank", "1.0.0", BankState.Valid, true), ("altbootbank", "1.1.0", BankState.Valid, true)], banks.Banks.Select(b => (b.Partition, b.Version!, b.Config!.State, b.Verifies)));
        var json = CliRun.Of("banks", image, "--json", "--cert", BankBuilds.Certificate);
        Assert.Contains("\"next\": \"altbootbank\"", json.Output, StringComparison.Ordinal);

        var second = CliRun.Of("boot", image, "--persist", "--usb");

        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.1.0", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, CliRun.Of("verify", image, "--cert", BankBuilds.Certificate).ExitCode);
    }

    [Fact]
    public void Broken_v2_falls_back_to_v1_at_once_and_banks_says_why()
    {
        var image = builds.CopyV1("broken-v2");
        Assert.Equal(0, CliRun.Of("update", image, builds.V2, "--yes", "--cert", BankBuilds.Certificate).ExitCode);
        FlipByteOf(image, "altbootbank", "/e1000.efi", 900);

        var boot = CliRun.Of("boot", image, "--persist");

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        var lines = boot.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("THINVISOR ", StringComparison.Ordinal)).ToList();
        Assert.Equal("THINVISOR FALLBACK from=altbootbank reason=sha256-mismatch driver=e1000", lines[0]);
        Assert.Equal("THINVISOR BOOT product=thinvisor version=1.0.0 target=dell-poweredge-r710", lines[1]);
        Assert.Equal("THINVISOR READY drivers=5 guests=1", lines[^1]);
        var banks = Banks(image);
        var v2 = banks.Banks.Single(b => b.Partition == "altbootbank");
        Assert.Equal(BankState.Invalid, v2.Config!.State);
        Assert.False(v2.Verifies);
        Assert.Contains(v2.Problems, p => p.Contains("altbootbank:/e1000.efi (e1000 8.0.3) against the manifest", StringComparison.Ordinal));
        Assert.Equal("bootbank", banks.Next?.Partition);
        var table = CliRun.Of("banks", image, "--cert", BankBuilds.Certificate);
        Assert.Contains("altbootbank: altbootbank:/e1000.efi (e1000 8.0.3) against the manifest: its SHA-256 is", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void V2_that_never_reaches_ready_falls_back_on_the_next_boot()
    {
        var image = builds.CopyV1("halting-v2");
        Assert.Equal(0, CliRun.Of("update", image, builds.V2Halting, "--yes", "--cert", BankBuilds.Certificate).ExitCode);

        var first = CliRun.Of("boot", image, "--persist");

        Assert.Equal(ExitCodes.VerificationFailed, first.ExitCode);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.1.0", first.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR HALT reason=test-halt-before-ready", first.Output, StringComparison.Ordinal);
        Assert.Equal(BankState.Trying, Banks(image).Banks.Single(b => b.Partition == "altbootbank").Config!.State);

        var second = CliRun.Of("boot", image, "--persist");

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("THINVISOR FALLBACK from=altbootbank reason=not-committed", second.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0", second.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR READY drivers=5", second.Output, StringComparison.Ordinal);
        Assert.Equal(BankState.Invalid, Banks(image).Banks.Single(b => b.Partition == "altbootbank").Config!.State);
    }

    [Theory]
    [InlineData(UpdatePhase.BankStarted)]
    [InlineData(UpdatePhase.BankHalfWritten)]
    [InlineData(UpdatePhase.FilesWritten)]
    [InlineData(UpdatePhase.BootConfigWritten)]
    [InlineData(UpdatePhase.LoaderWritten)]
    public void Update_killed_part_way_still_boots_v1_and_verify_names_the_half_written_bank(UpdatePhase killedAfter)
    {
        var image = builds.CopyV1("killed-" + killedAfter);
        using var cancel = new CancellationTokenSource();
        var request = new UpdateRequest(image, builds.V2, BankBuilds.Certificate, CliRun.RepositoryRoot);

        Assert.ThrowsAny<OperationCanceledException>(() => BankUpdater.Run(request, _ => true, new CancelAt(killedAfter, cancel), cancel.Token));

        var boot = CliRun.Of("boot", image);
        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0", boot.Output, StringComparison.Ordinal);
        var verify = CliRun.Of("verify", image, "--cert", BankBuilds.Certificate);
        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        Assert.All(verify.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(".p7s", StringComparison.Ordinal)), l => Assert.Contains("altbootbank", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Older_version_and_another_target_are_refused_with_exit_2_and_nothing_written()
    {
        var image = builds.CopyV1("refused");
        Assert.Equal(0, CliRun.Of("update", image, builds.V2, "--yes", "--cert", BankBuilds.Certificate).ExitCode);
        Assert.Equal(0, CliRun.Of("boot", image, "--persist").ExitCode);
        var before = File.ReadAllBytes(image);

        var downgrade = CliRun.Of("update", image, builds.V1, "--yes", "--cert", BankBuilds.Certificate);

        Assert.Equal(ExitCodes.BadInput, downgrade.ExitCode);
        Assert.Contains("older than the 1.1.0", downgrade.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(image));
        var allowed = CliRun.Of("update", image, builds.V1, "--yes", "--allow-downgrade", "--cert", BankBuilds.Certificate);
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.Contains("'bootbank' now holds 1.0.0 (was 1.0.0), updated=3", allowed.Output, StringComparison.Ordinal);
    }

    private static BankTable Banks(string image)
    {
        using var trusted = global::Flashsmith.Signing.TrustedCertificate.Load(BankBuilds.Certificate, CliRun.RepositoryRoot);
        using var disk = File.OpenRead(image);
        return BankReader.Read(disk, trusted.Certificate);
    }

    private static void FlipByteOf(string image, string partition, string file, int at)
    {
        using var stream = File.Open(image, FileMode.Open);
        var part = PartitionTable.Read(stream).Find(partition)!;
        var fs = new FatFileSystem(stream, part.Offset.Bytes, part.Size.Bytes);
        stream.Position = part.Offset.Bytes + fs.DataOffset(fs.Find(file)!.FirstCluster) + at;
        var b = stream.ReadByte();
        stream.Position -= 1;
        stream.WriteByte((byte)(b ^ 0x01));
    }

    /// <summary>Cancels the update when it reports <paramref name="phase"/>: the update stops there, as if killed.</summary>
    private sealed class CancelAt(UpdatePhase phase, CancellationTokenSource cancel) : IProgress<UpdatePhase>
    {
        public void Report(UpdatePhase value)
        {
            if (value == phase)
            {
                cancel.Cancel();
            }
        }
    }
}
