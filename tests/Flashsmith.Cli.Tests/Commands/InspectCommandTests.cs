using System.Globalization;
using System.Text.Json;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>inspect on a built image whose boot bank holds an initramfs: its members, as GNU cpio lists them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InspectCommandTests(InitramfsImage build) : IClassFixture<InitramfsImage>
{
    [Fact]
    public void Json_lists_every_member_of_the_initramfs_with_its_type_mode_owner_time_size_and_link_target()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);

        var run = CliRun.Of("inspect", build.Image, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var initrd = File(json, "bootbank", "/initrd.gz");
        var members = initrd.GetProperty("initramfs").EnumerateArray().Select(m => (
            m.GetProperty("path").GetString(),
            m.GetProperty("type").GetString(),
            m.GetProperty("mode").GetString(),
            m.GetProperty("uid").GetInt64(),
            m.GetProperty("gid").GetInt64(),
            m.GetProperty("mtime").GetInt64(),
            m.GetProperty("sizeBytes").GetInt64(),
            m.GetProperty("linkTarget").GetString()));
        Assert.Equal(
            [
                ("etc", "directory", "0755", 0L, 0L, InitramfsImage.Epoch, 0L, null),
                ("etc/motd", "file", "0644", 0L, 0L, InitramfsImage.Epoch, 15L, null),
                ("init", "file", "0755", 0L, 0L, InitramfsImage.Epoch, 31L, null),
                ("linuxrc", "symlink", "0777", 0L, 0L, InitramfsImage.Epoch, 4L, "init"),
            ],
            members);
    }

    [Fact]
    public void The_listing_is_what_gzip_and_cpio_make_of_the_file_taken_out_with_mtools()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var cpio = Judge("/initrd.gz");

        var run = CliRun.Of("inspect", build.Image, "--json");

        using var json = JsonDocument.Parse(run.Output);
        var ours = File(json, "bootbank", "/initrd.gz").GetProperty("initramfs").EnumerateArray().Select(m =>
        {
            var type = m.GetProperty("type").GetString() switch { "directory" => 'd', "symlink" => 'l', _ => '-' };
            var target = m.GetProperty("linkTarget").GetString() is { } link ? " -> " + link : string.Empty;
            return $"{type}{Ls(m.GetProperty("mode").GetString()!)} {m.GetProperty("uid").GetInt64()} {m.GetProperty("gid").GetInt64()} {m.GetProperty("sizeBytes").GetInt64()} Jan 1 2026 {m.GetProperty("path").GetString()}{target}";
        });
        Assert.Equal(cpio, ours);
    }

    [Fact]
    public void A_gzip_file_that_is_not_an_archive_is_not_listed_as_an_initramfs()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        Assert.Equal("not an archive\n", ExternalTool.Check("gzip", "-d", "-c", Extracted("/docs/notes.gz")).Output);

        var run = CliRun.Of("inspect", build.Image, "--json");

        using var json = JsonDocument.Parse(run.Output);
        Assert.False(File(json, "bootbank", "/docs/notes.gz").TryGetProperty("initramfs", out _));
        Assert.Single(json.RootElement.GetProperty("partitions").EnumerateArray().SelectMany(p => p.GetProperty("files").EnumerateArray()), f => f.TryGetProperty("initramfs", out _));
    }

    [Fact]
    public void The_tree_shows_the_members_under_the_file_with_mode_owner_and_size()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);

        var run = CliRun.Of("inspect", build.Image);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.Output.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("initrd.gz ", StringComparison.Ordinal));
        Assert.Matches(@"── initrd\.gz \d+ bytes, initramfs of 4 members$", lines[at]);
        Assert.Equal(
            [
                "│   ├── etc/ 0755 0:0",
                "│   ├── etc/motd 0644 0:0 15 bytes",
                "│   ├── init 0755 0:0 31 bytes",
                "│   └── linuxrc -> init 0777 0:0",
            ],
            lines[(at + 1)..(at + 5)]);
        Assert.Matches(@"── notes\.gz \d+ bytes$", lines.Single(l => l.Contains("notes.gz", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_member_name_with_control_characters_shows_them_as_question_marks_in_the_tree_and_escaped_in_json()
    {
        using var temp = new TempFolder();
        using var cpio = new MemoryStream();
        var writer = new CpioNewcWriter(cpio, 0);
        writer.AddFile("evil\n├── \u001b[2Jname", (UnixFileMode)0x1A4, "xy"u8);
        writer.Finish();
        var fat = new FatFileSystemBuilder(new FatVolumeOptions("bootbank", ByteSize.FromMiB(1), FatType.Fat12, "BOOTBANK", 7, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 2048));
        fat.AddFile("/initrd.gz", DataSource.FromBytes(DeterministicGzip.Compress(cpio.ToArray())));
        var disk = new DiskImageBuilder(ByteSize.FromMiB(4), PartitionStyle.Gpt, new DeterministicIds("control"), ByteSize.FromKiB(64));
        disk.AddPartition(new PartitionDefinition("bootbank", ByteSize.FromMiB(1), ByteSize.FromMiB(1), GuidPartitionTable.BasicDataType, 0x0C), fat.Build());
        var image = temp.File("control.img");
        SparseImageWriter.Write(disk.Build(), image);

        var tree = CliRun.Of("inspect", image);
        var json = CliRun.Of("inspect", image, "--json");

        Assert.Contains("\n    └── evil?├── ?[2Jname 0644 0:0 2 bytes\n", tree.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", tree.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("evil\n├── \u001b[2Jname", File(document, "bootbank", "/initrd.gz").GetProperty("initramfs")[0].GetProperty("path").GetString());
    }

    private static JsonElement File(JsonDocument json, string partition, string path) =>
        json.RootElement.GetProperty("partitions").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == partition)
            .GetProperty("files").EnumerateArray()
            .Single(f => f.GetProperty("path").GetString() == path);

    /// <summary>"0755" as ls writes it: "rwxr-xr-x".</summary>
    private static string Ls(string octal)
    {
        var bits = Convert.ToInt32(octal, 8);
        return string.Concat(Enumerable.Range(0, 9).Select(i => (bits & (0x100 >> i)) != 0 ? "rwx"[i % 3] : '-'));
    }

    /// <summary>cpio -itv of the file, with each line's runs of spaces made one: "-rw-r--r-- 0 0 15 Jan 1 2026 etc/motd", the link count left out.</summary>
    private IReadOnlyList<string> Judge(string path)
    {
        var gz = Extracted(path);
        ExternalTool.Check("gzip", "-d", "-k", gz);
        var listing = ExternalTool.Run("cpio", ["-i", "-t", "-v", "--numeric-uid-gid", "--quiet", "-F", gz[..^".gz".Length]], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["TZ"] = "UTC" });
        Assert.True(listing.ExitCode == 0, listing.All);
        return [.. listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            var words = l.Split(' ', 9, StringSplitOptions.RemoveEmptyEntries);
            return string.Join(' ', [words[0], .. words[2..]]);
        })];
    }

    /// <summary>The file at <paramref name="path"/> in the boot bank, copied out by mtools into a fresh folder.</summary>
    private string Extracted(string path)
    {
        using var stream = System.IO.File.OpenRead(build.Image);
        var bank = PartitionTable.Read(stream).Find("bootbank")!;
        var folder = build.Temp.File("judge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, Path.GetFileName(path));
        ExternalTool.Check("mcopy", "-i", string.Create(CultureInfo.InvariantCulture, $"{build.Image}@@{bank.Offset.Bytes}"), "::" + path, copy);
        return copy;
    }
}
