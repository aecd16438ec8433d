using System.Text.Json;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class ImageCommandTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string image;

    public ImageCommandTests()
    {
        var ids = new DeterministicIds("cli test");
        var disk = new DiskImageBuilder(ByteSize.FromMiB(8), PartitionStyle.Gpt, ids, ByteSize.FromKiB(64));
        var fat = new FatFileSystemBuilder(new FatVolumeOptions("bootbank", ByteSize.FromMiB(4), FatType.Fat16, "BOOTBANK", 7, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 2048));
        fat.AddFile("/boot.cfg", DataSource.FromBytes("bootstate=0\n"u8.ToArray()));
        fat.AddFile("/mods/e1000.efi", DataSource.FromBytes(new byte[3000]));
        disk.AddPartition(new PartitionDefinition("bootbank", ByteSize.FromMiB(1), ByteSize.FromMiB(4), GuidPartitionTable.BasicDataType, 0x0C), fat.Build());
        disk.AddPartition(new PartitionDefinition("unit", ByteSize.FromMiB(5), ByteSize.FromMiB(2), GuidPartitionTable.BasicDataType, 0x0C), null);
        image = temp.File("disk.img");
        SparseImageWriter.Write(disk.Build(), image);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Inspect_shows_partitions_and_the_tree()
    {
        var run = CliRun.Of("inspect", image);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("GPT, disk GUID " + new DeterministicIds("cli test").GuidFor("disk"), run.Output, StringComparison.Ordinal);
        Assert.Contains("bootbank: FAT16 \"BOOTBANK\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("e1000.efi 3000 bytes", run.Output, StringComparison.Ordinal);
        Assert.Contains("unit: no file system", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_as_json()
    {
        var run = CliRun.Of("inspect", image, "--json");

        using var json = JsonDocument.Parse(run.Output);
        var bank = json.RootElement.GetProperty("partitions")[0];
        Assert.Equal("bootbank", bank.GetProperty("name").GetString());
        Assert.Equal(1048576, bank.GetProperty("startBytes").GetInt64());
        Assert.Equal("fat16", bank.GetProperty("filesystem").GetString());
        Assert.Contains(bank.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "/mods/e1000.efi" && f.GetProperty("sizeBytes").GetInt64() == 3000);
    }

    [Fact]
    public void Unreadable_image_is_exit_2_with_the_reason()
    {
        var junk = temp.File("junk.img");
        File.WriteAllBytes(junk, new byte[4096]);

        var run = CliRun.Of("inspect", junk);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS6003: junk.img: sector 0 does not end in 0x55AA: the image has no partition table\n", run.Error);
    }

    [Fact]
    public void Extract_copies_a_file_and_a_folder()
    {
        var output = temp.File("out");

        var file = CliRun.Of("extract", image, "bootbank:/boot.cfg", "-o", output);
        var folder = CliRun.Of("extract", image, "1:/mods", "-o", output);

        Assert.Equal(ExitCodes.Success, file.ExitCode);
        Assert.Equal("bootstate=0\n", File.ReadAllText(Path.Combine(output, "boot.cfg")));
        Assert.Equal(ExitCodes.Success, folder.ExitCode);
        Assert.Equal(3000, new FileInfo(Path.Combine(output, "mods", "e1000.efi")).Length);
    }

    [Fact]
    public void Extract_refuses_to_overwrite_without_force()
    {
        var output = temp.File("out");
        CliRun.Of("extract", image, "bootbank:/boot.cfg", "-o", output);

        var again = CliRun.Of("extract", image, "bootbank:/boot.cfg", "-o", output);
        var forced = CliRun.Of("extract", image, "bootbank:/boot.cfg", "-o", output, "--force");

        Assert.Equal(ExitCodes.BadInput, again.ExitCode);
        Assert.EndsWith("boot.cfg already exists; pass --force to overwrite it\n", again.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
    }

    [Theory]
    [InlineData("nosuch:/x", "error FS6003: disk.img has no partition 'nosuch'; it has: bootbank, unit\n")]
    [InlineData("bootbank:/missing.txt", "error FS6003: disk.img: partition 'bootbank': '/missing.txt' does not exist on the volume\n")]
    [InlineData("unit:/", "error FS6003: partition 'unit' of disk.img holds no file system\n")]
    [InlineData("bootbank", "error FS0001: 'bootbank' is not PARTITION:PATH; write for example bootbank:/boot.cfg\n")]
    public void Extract_errors_say_what_is_wrong(string source, string error)
    {
        var run = CliRun.Of("extract", image, source, "-o", temp.File("out"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(error, run.Error);
    }
}
