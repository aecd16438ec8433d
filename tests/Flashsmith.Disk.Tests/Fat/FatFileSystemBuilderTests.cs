using Flashsmith.Disk.Fat;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Fat;

public sealed class FatFileSystemBuilderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(FatType.Fat12, 3, 2, 40, 150_000)]
    [InlineData(FatType.Fat16, 60, 5, 120, 2_000_000)]
    [InlineData(FatType.Fat16, 64, 6, 300, 400_000)]
    [InlineData(FatType.Fat32, 160, 7, 200, 3_000_000)]
    public void Generated_tree_is_clean_for_fsck_and_reads_back_through_mtools_and_our_reader(FatType type, int mib, int seed, int files, long maxFile)
    {
        var tree = new SampleTree(seed, files, maxFile, maxDepth: 8);
        var size = ByteSize.FromMiB(mib);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, type));
        tree.AddTo(builder);
        var image = temp.File("vol.img");

        var layout = VolumeImages.Write(builder, size, image);

        Assert.Equal(type, layout.Geometry.Type);
        var fsck = ExternalTool.Run("fsck.fat", "-n", "-v", image);
        Assert.True(fsck.ExitCode == 0, fsck.All);
        foreach (var complaint in new[] { "differ", "Moving", "Deleting", "Renamed", "Bad", "lost", "Free cluster summary wrong" })
        {
            Assert.DoesNotContain(complaint, fsck.All, StringComparison.Ordinal);
        }

        var copy = Path.Combine(temp.Path, "mcopy");
        Directory.CreateDirectory(copy);
        var mcopy = ExternalTool.Run("mcopy", ["-s", "-n", "-i", image, "::", copy], TimeSpan.FromMinutes(2), Utf8);
        Assert.True(mcopy.ExitCode == 0, mcopy.All);
        foreach (var (path, bytes) in tree.Files)
        {
            Assert.Equal(bytes, File.ReadAllBytes(copy + path));
        }

        Assert.Equal(tree.Files.Count, Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Count());

        using var stream = File.OpenRead(image);
        var fs = new FatFileSystem(stream, 0, stream.Length);
        Assert.Equal(type, fs.Type);
        Assert.Equal("TESTVOL", fs.VolumeLabel);
        var read = fs.Walk().Where(e => !e.Item.IsDirectory).ToDictionary(e => e.Path, e => fs.ReadFile(e.Path));
        Assert.Equal(tree.Files.Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        Assert.All(tree.Files, f => Assert.Equal(f.Value, read[f.Key]));
        var free = VolumeImages.FreeBytesByMtools(image);
        Assert.Equal(free, layout.FreeBytes);
        Assert.Equal(free, fs.FreeBytes);
    }

    [Fact]
    public void Mdir_lists_long_names_and_the_label()
    {
        var size = ByteSize.FromMiB(4);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, FatType.Fat16, "BOOTBANK"));
        builder.AddFile("/boot.cfg", DataSource.FromBytes("kernel=x\n"u8.ToArray()));
        builder.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromBytes(new byte[5000]));
        var image = temp.File("vol.img");
        VolumeImages.Write(builder, size, image);

        var root = ExternalTool.Check("mdir", "-i", image, "::/").Output;
        var boot = ExternalTool.Check("mdir", "-i", image, "::/EFI/BOOT").Output;

        Assert.Contains("Volume in drive : is BOOTBANK", root, StringComparison.Ordinal);
        Assert.Contains("Volume Serial Number is 1234-ABCD", root, StringComparison.Ordinal);
        Assert.Matches(@"BOOT\s+CFG\s+9 2026-01-01\s+12:30\s+boot\.cfg", root);
        Assert.Matches(@"BOOTX64\s+EFI\s+5000 2026-01-01\s+12:30", boot);
    }

    [Fact]
    public void Find_under_a_missing_folder_or_under_a_file_is_null_and_walking_a_missing_folder_throws()
    {
        var size = ByteSize.FromMiB(4);
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, FatType.Fat16));
        builder.AddFile("/boot.cfg", DataSource.FromBytes("kernel=x\n"u8.ToArray()));
        builder.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromBytes(new byte[5000]));
        var image = temp.File("vol.img");
        VolumeImages.Write(builder, size, image);
        using var stream = File.OpenRead(image);
        var fs = new FatFileSystem(stream, 0, stream.Length);

        Assert.Equal(5000, fs.Find("/EFI/BOOT/BOOTX64.EFI")!.Size);
        Assert.Null(fs.Find("/EFI/BOOT/missing.efi"));
        Assert.Null(fs.Find("/NONE/BOOT/BOOTX64.EFI"));
        Assert.Null(fs.Find("/boot.cfg/BOOTX64.EFI"));
        Assert.Null(fs.EntryOffset("/NONE/BOOTX64.EFI"));
        Assert.Throws<FileNotFoundException>(() => fs.ReadFile("/NONE/BOOTX64.EFI"));
        Assert.Equal(5000, fs.ReadFileIfPresent("/EFI/BOOT/BOOTX64.EFI")!.Length);
        Assert.Null(fs.ReadFileIfPresent("/EFI/BOOT/BOOTX64.EFI", maxSize: 4999));
        Assert.Null(fs.ReadFileIfPresent("/NONE/BOOTX64.EFI"));
        Assert.Null(fs.ReadFileIfPresent("/EFI"));
        Assert.Equal("'/NONE' does not exist on the volume", Assert.Throws<DirectoryNotFoundException>(() => fs.Walk("/NONE").ToList()).Message);
        Assert.Equal("'/boot.cfg' is a file, not a directory", Assert.Throws<DirectoryNotFoundException>(() => fs.Walk("/boot.cfg").ToList()).Message);
    }

    [Fact]
    public void Volume_filled_to_the_last_cluster_is_clean()
    {
        var size = ByteSize.FromMiB(2);
        var probe = new FatFileSystemBuilder(VolumeImages.Options(size, FatType.Fat12)).Build();
        var free = probe.FreeBytes - probe.Geometry.ClusterSize;
        var builder = new FatFileSystemBuilder(VolumeImages.Options(size, FatType.Fat12));
        builder.AddFile("/a.bin", DataSource.FromBytes(new byte[probe.Geometry.ClusterSize]));
        builder.AddFile("/fill.bin", DataSource.FromBytes(Enumerable.Range(0, (int)free).Select(i => (byte)i).ToArray()));
        var image = temp.File("full.img");

        var layout = VolumeImages.Write(builder, size, image);

        Assert.Equal(0, layout.FreeBytes);
        var fsck = ExternalTool.Run("fsck.fat", "-n", image);
        Assert.True(fsck.ExitCode == 0, fsck.All);
        using var stream = File.OpenRead(image);
        Assert.Equal(0, new FatFileSystem(stream, 0, stream.Length).FreeBytes);
        Assert.Equal(0, VolumeImages.FreeBytesByMtools(image));
    }

    [Fact]
    public void Content_that_does_not_fit_names_the_file_and_the_bytes()
    {
        var size = ByteSize.FromMiB(2);
        var builder = new FatFileSystemBuilder(new FatVolumeOptions("bootbank", size, FatType.Fat12, "X", 1, VolumeImages.Epoch));
        builder.AddFile("/big.bin", DataSource.FromBytes(new byte[3 * 1024 * 1024]));

        var error = Assert.Throws<VolumeFullException>(builder.Build);

        Assert.Equal("partition 'bootbank': '/big.bin' needs 3 MiB (3145728 bytes) but only 2067968 bytes are free", error.Message);
    }

    [Theory]
    [InlineData("/CON", "partition 'test': '/CON' cannot be stored on FAT: the name is the reserved device name 'CON'")]
    [InlineData("/dir/lpt1.txt", "partition 'test': '/dir/lpt1.txt' cannot be stored on FAT: the name is the reserved device name 'LPT1'")]
    [InlineData("/a:b", "partition 'test': '/a:b' cannot be stored on FAT: the name holds ':', which FAT names may not")]
    [InlineData("/what?", "partition 'test': '/what?' cannot be stored on FAT: the name holds '?', which FAT names may not")]
    [InlineData("/trailing.", "partition 'test': '/trailing.' cannot be stored on FAT: the name ends in a dot or a space, which FAT drops")]
    public void Names_fat_cannot_hold_are_refused(string path, string message)
    {
        var builder = new FatFileSystemBuilder(VolumeImages.Options(ByteSize.FromMiB(2), null));

        var error = Assert.Throws<DiskFormatException>(() => builder.AddFile(path, DataSource.FromBytes(new byte[1])));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Name_longer_than_255_characters_is_refused()
    {
        var builder = new FatFileSystemBuilder(VolumeImages.Options(ByteSize.FromMiB(2), null));

        var error = Assert.Throws<DiskFormatException>(() => builder.AddFile("/" + new string('n', 256), DataSource.FromBytes(new byte[1])));

        Assert.EndsWith("the name is 256 characters long; FAT names hold at most 255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_differing_only_in_case_are_refused()
    {
        var builder = new FatFileSystemBuilder(VolumeImages.Options(ByteSize.FromMiB(2), null));
        builder.AddFile("/Readme.txt", DataSource.FromBytes(new byte[1]));

        var error = Assert.Throws<DiskFormatException>(() => builder.AddFile("/README.TXT", DataSource.FromBytes(new byte[1])));

        Assert.Equal("partition 'test': '/README.TXT' and '/Readme.txt' differ only in case, which FAT cannot tell apart", error.Message);
    }

    [Theory]
    [InlineData(2, null, FatType.Fat12)]
    [InlineData(4, null, FatType.Fat12)]
    [InlineData(5, null, FatType.Fat16)]
    [InlineData(12, null, FatType.Fat16)]
    [InlineData(600, null, FatType.Fat32)]
    [InlineData(4, FatType.Fat16, FatType.Fat16)]
    [InlineData(40, FatType.Fat32, FatType.Fat32)]
    public void Type_follows_the_cluster_count_unless_forced(int mib, FatType? forced, FatType expected)
    {
        var layout = new FatFileSystemBuilder(VolumeImages.Options(ByteSize.FromMiB(mib), forced)).Build();

        Assert.Equal(expected, layout.Geometry.Type);
    }

    [Fact]
    public void Impossible_forced_type_says_why()
    {
        var error = Assert.Throws<DiskFormatException>(new FatFileSystemBuilder(VolumeImages.Options(ByteSize.FromMiB(4), FatType.Fat32)).Build);

        Assert.Equal("partition 'test' of 4 MiB (4194304 bytes) cannot hold FAT32: FAT32 needs at least 65525 clusters of at least 512 bytes", error.Message);
    }

    private static readonly Dictionary<string, string> Utf8 = new() { ["LC_ALL"] = "C.UTF-8", ["MTOOLS_SKIP_CHECK"] = "1" };
}
