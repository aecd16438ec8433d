using System.Diagnostics;
using System.Text.Json;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

public sealed class BuildCommandTests(SampleBuild build) : IClassFixture<SampleBuild>
{
    [Fact]
    public void Build_writes_the_image_block_map_and_manifest()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        Assert.Equal(
            ["budget.json", "manifest.json", SampleBuild.ImageName, SampleBuild.ImageName + ".bmap", SampleBuild.ImageName + ".cdx.json", SampleBuild.ImageName + ".intoto.jsonl", SampleBuild.ImageName + ".p7s", SampleBuild.ImageName + ".spdx.json"],
            Directory.EnumerateFiles(build.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(33_554_432, new FileInfo(build.Image).Length);
        Assert.Contains("signed with the DEVELOPMENT key: not for release", build.Run.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(build.Root).Where(p => Path.GetFileName(p).Contains("staging", StringComparison.Ordinal)).SelectMany(Directory.EnumerateFileSystemEntries));
    }

    [Fact]
    public void Build_shows_each_target_in_a_few_lines_and_its_partitions_only_when_verbose()
    {
        Assert.DoesNotContain("File system", build.Run.Output, StringComparison.Ordinal);
        Assert.Contains($"{SampleBuild.Target}: ", build.Run.Output, StringComparison.Ordinal);

        // The cache is warm and the output folder new: the stamp does not excuse this build, which compiles nothing.
        var verbose = CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", build.Temp.File("out-verbose"), "--cache", build.Cache, "--verbose");

        Assert.True(verbose.ExitCode == ExitCodes.Success, verbose.Error);
        var partitions = verbose.Output.Split('\n').SkipWhile(l => !l.Contains("File system", StringComparison.Ordinal)).Take(7).ToList();
        Assert.Contains(partitions, l => l.Contains("bootbank", StringComparison.Ordinal) && l.Contains("FAT16", StringComparison.Ordinal) && l.Contains("12 MiB", StringComparison.Ordinal));
        Assert.DoesNotContain(partitions, l => l.Contains("bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Manifest_lists_every_component_with_its_hash_and_the_tools()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Folder, "manifest.json")));
        var root = json.RootElement;

        Assert.Equal("dell-poweredge-r710", root.GetProperty("target").GetString());
        Assert.StartsWith("Debian clang version", root.GetProperty("toolchain").GetProperty("compiler").GetString(), StringComparison.Ordinal);
        var guestToolchain = Assert.Single(root.GetProperty("guestToolchains").EnumerateArray());
        Assert.Equal("clang-elf-x64", guestToolchain.GetProperty("preset").GetString());
        Assert.StartsWith("Debian LLD ", guestToolchain.GetProperty("linker").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"LLVM version \d+\.", guestToolchain.GetProperty("converter").GetString());
        var components = root.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["loader", "core", "ahci", "e1000", "xhci", "serial-16550", "ipmi-kcs", "hello"], components.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["/hello.bin", "guest", "guests"], new[] { "path", "kind", "group" }.Select(k => components[^1].GetProperty(k).GetString()));
        Assert.Equal("/EFI/BOOT/BOOTX64.EFI", components[0].GetProperty("path").GetString());
        Assert.Equal("/core.efi", components[1].GetProperty("path").GetString());
        Assert.All(components, c => Assert.Matches("^[0-9a-f]{64}$", c.GetProperty("sha256").GetString()));
        using var sha = System.Security.Cryptography.SHA256.Create();
        Assert.Equal(Convert.ToHexStringLower(sha.ComputeHash(File.ReadAllBytes(build.Image))), root.GetProperty("image").GetProperty("sha256").GetString());
    }

    [Fact]
    public void Every_partition_passes_fsck_and_the_table_passes_sgdisk()
    {
        var partitions = DiskJudges.CheckTableAndVolumes(build.Image, build.Temp.Path);

        Assert.Equal(["esp", "bootbank", "altbootbank", "unit"], partitions);
    }

    [Fact]
    public void Each_boot_sector_counts_as_hidden_the_sectors_before_its_partition_as_sgdisk_reads_them()
    {
        var image = File.ReadAllBytes(build.Image);
        for (var number = 1; number <= 4; number++)
        {
            var info = ExternalTool.Run("sgdisk", "-i", number.ToString(System.Globalization.CultureInfo.InvariantCulture), build.Image);
            var first = long.Parse(System.Text.RegularExpressions.Regex.Match(info.All, @"First sector: ([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(first > 0, info.All);

            var hidden = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan((int)(first * 512) + 0x1C, 4));

            Assert.Equal(first, hidden);
        }
    }

    [Fact]
    public void Image_boots_from_an_ide_disk_with_e1000()
    {
        var boot = QemuBoot.BootDisk(build.Image, "-device", "e1000");

        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0 target=dell-poweredge-r710", boot.Console, StringComparison.Ordinal);
        Assert.Contains("Thinvisor for Dell PowerEdge R710", boot.Console, StringComparison.Ordinal);
        var drivers = boot.Lines("THINVISOR DRIVER");
        Assert.Equal(5, drivers.Count);
        Assert.StartsWith("THINVISOR DRIVER name=ahci version=3.0.1 sha256=ok probe=found 8086:2922", drivers[0], StringComparison.Ordinal);
        Assert.StartsWith("THINVISOR DRIVER name=e1000 version=8.0.3 sha256=ok probe=found 8086:100e", drivers[1], StringComparison.Ordinal);
        Assert.Equal("THINVISOR DRIVER name=xhci version=1.4.0 sha256=ok probe=not-found", drivers[2]);
        Assert.Equal("THINVISOR DRIVER name=serial-16550 version=2.2.0 sha256=ok probe=not-found", drivers[3]);
        Assert.Equal("THINVISOR DRIVER name=ipmi-kcs version=1.2.0 sha256=ok probe=not-found", drivers[4]);
        Assert.Equal(["THINVISOR READY drivers=5 guests=1"], boot.Lines("THINVISOR READY"));
        AssertUnitNoneBetweenDriversAndReady(boot);
    }

    [Fact]
    public void Image_boots_as_a_usb_key_with_e1000()
    {
        var boot = QemuBoot.BootUsb(build.Image, "-device", "e1000");

        Assert.Contains("THINVISOR BOOT product=thinvisor version=1.0.0 target=dell-poweredge-r710", boot.Console, StringComparison.Ordinal);
        var drivers = boot.Lines("THINVISOR DRIVER");
        Assert.Equal(5, drivers.Count);
        Assert.Contains("probe=found 8086:100e", drivers[1], StringComparison.Ordinal);
        Assert.StartsWith("THINVISOR DRIVER name=xhci version=1.4.0 sha256=ok probe=found 1b36:000d", drivers[2], StringComparison.Ordinal);
        Assert.Equal(["THINVISOR READY drivers=5 guests=1"], boot.Lines("THINVISOR READY"));
        AssertUnitNoneBetweenDriversAndReady(boot);
    }

    /// <summary>A built image has an empty unit partition: the core says so after the last driver and its guest, and before READY.</summary>
    private static void AssertUnitNoneBetweenDriversAndReady(QemuBoot.Result boot)
    {
        Assert.Equal(["THINVISOR UNIT none"], boot.Lines("THINVISOR UNIT"));
        var lines = boot.Lines("THINVISOR ").ToList();
        var vm = lines.FindIndex(l => l.StartsWith("THINVISOR VM name=hello memory=", StringComparison.Ordinal));
        Assert.StartsWith("THINVISOR DRIVER ", lines[vm - 1], StringComparison.Ordinal);
        Assert.StartsWith("THINVISOR VM name=hello exit=halt ", lines[^3], StringComparison.Ordinal);
        Assert.Equal(["THINVISOR UNIT none", "THINVISOR READY drivers=5 guests=1"], lines.TakeLast(2));
    }

    /// <summary>A copy of the image with one bit flipped at <paramref name="offset"/> in the boot bank's <paramref name="file"/>.</summary>
    private string TamperedCopy(string name, string file, long offset)
    {
        var image = build.Temp.File(name);
        File.Copy(build.Image, image, overwrite: true);
        using var stream = File.Open(image, FileMode.Open);
        var bank = PartitionTable.Read(stream).Find("bootbank")!;
        var fs = new FatFileSystem(stream, bank.Offset.Bytes, bank.Size.Bytes);
        var at = bank.Offset.Bytes + fs.DataOffset(fs.Find(file)!.FirstCluster) + offset;
        stream.Position = at;
        var b = stream.ReadByte();
        stream.Position = at;
        stream.WriteByte((byte)(b ^ 0x01));
        return image;
    }

    [Fact]
    public void Flipped_byte_in_a_driver_module_gives_the_only_bank_up_naming_the_driver_and_halts()
    {
        var image = TamperedCopy("tampered.img", "/e1000.efi", 1000);

        var boot = QemuBoot.BootDisk(image);

        // Every module is checked before any starts: the bank is given up before it boots anything.
        Assert.Equal(["THINVISOR FALLBACK from=bootbank reason=sha256-mismatch driver=e1000", "THINVISOR HALT reason=no-bootable-bank"], boot.Lines("THINVISOR "));
    }

    [Fact]
    public void Flipped_byte_in_the_guest_gives_the_only_bank_up_naming_the_guest_and_verify_names_the_file()
    {
        var image = TamperedCopy("tampered-guest.img", "/hello.bin", 200);

        var boot = QemuBoot.BootDisk(image);
        var verify = CliRun.Of("verify", image, "--cert", Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev", "cert.pem"));

        // The guest is checked with the drivers, before anything starts.
        Assert.Equal(["THINVISOR FALLBACK from=bootbank reason=sha256-mismatch guest=hello", "THINVISOR HALT reason=no-bootable-bank"], boot.Lines("THINVISOR "));
        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        Assert.Contains("bootbank:/hello.bin (hello 1.0.0) against the manifest: its SHA-256 is ", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Second_build_compiles_nothing_and_a_fresh_cache_gives_the_same_bytes()
    {
        var again = build.Build("out-again", build.Cache);
        var fresh = build.Build("out-fresh", build.Temp.File("cache-fresh"));

        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains("compiled 0 sources, linked 0 images, 20 objects from the cache", again.Output, StringComparison.Ordinal);
        Assert.Contains("compiled 20 sources, linked 8 images, 0 objects from the cache", fresh.Output, StringComparison.Ordinal);
        foreach (var name in new[] { SampleBuild.ImageName, SampleBuild.ImageName + ".bmap", SampleBuild.ImageName + ".p7s", "manifest.json" })
        {
            var first = File.ReadAllBytes(Path.Combine(build.Folder, name));
            Assert.Equal(first, File.ReadAllBytes(build.Temp.File($"out-again/{SampleBuild.Target}/{name}")));
            Assert.Equal(first, File.ReadAllBytes(build.Temp.File($"out-fresh/{SampleBuild.Target}/{name}")));
        }
    }

    [Fact]
    public void Damaged_entries_in_the_local_cache_are_named_deleted_and_built_again_and_never_reach_the_image()
    {
        var cache = WarmCache.Copy(build.Cache, build.Temp, "cache-damaged");
        var objectEntry = Directory.EnumerateFiles(Path.Combine(cache, "objects"), "*.obj").Order(StringComparer.Ordinal).First();
        var imageEntry = Directory.EnumerateFiles(Path.Combine(cache, "images"), "*.efi").Order(StringComparer.Ordinal).First();
        foreach (var entry in new[] { objectEntry, imageEntry })
        {
            var bytes = File.ReadAllBytes(entry);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(entry, bytes);
        }

        var damaged = build.Build("out-damaged", cache);
        var healed = build.Build("out-healed", cache);

        Assert.True(damaged.ExitCode == ExitCodes.Success, damaged.Error);
        Assert.Equal(
            new[] { objectEntry, imageEntry }.Select(e => $"warning: the build cache entry {Path.GetRelativePath(cache, e)} is damaged (its digest does not match); it was deleted and is built again").Order(StringComparer.Ordinal),
            damaged.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("compiled 1 source, linked 1 image, 19 objects from the cache", damaged.Output, StringComparison.Ordinal);
        Assert.True(healed.ExitCode == ExitCodes.Success, healed.Error);
        Assert.Equal(string.Empty, healed.Error);
        Assert.Contains("compiled 0 sources, linked 0 images, 20 objects from the cache", healed.Output, StringComparison.Ordinal);
        foreach (var name in new[] { SampleBuild.ImageName, SampleBuild.ImageName + ".p7s", "manifest.json" })
        {
            var first = File.ReadAllBytes(Path.Combine(build.Folder, name));
            Assert.Equal(first, File.ReadAllBytes(build.Temp.File($"out-damaged/{SampleBuild.Target}/{name}")));
            Assert.Equal(first, File.ReadAllBytes(build.Temp.File($"out-healed/{SampleBuild.Target}/{name}")));
        }
    }

    [Fact]
    public void Unchanged_outputs_are_not_written_again_and_damaged_ones_are()
    {
        var first = build.Build("out-same", build.Cache);
        var image = build.Temp.File($"out-same/{SampleBuild.Target}/{SampleBuild.ImageName}");
        var written = File.GetLastWriteTimeUtc(image);

        var second = build.Build("out-same", build.Cache);
        Assert.Contains("up to date, nothing written", second.Output, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(image));

        File.WriteAllText(image, "damaged");
        var third = build.Build("out-same", build.Cache);
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.DoesNotContain("up to date", third.Output, StringComparison.Ordinal);
        Assert.Equal(33_554_432, new FileInfo(image).Length);
    }
}
