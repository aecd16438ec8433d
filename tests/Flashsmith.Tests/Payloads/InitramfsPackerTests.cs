using System.Net.Sockets;
using Flashsmith.Diagnostics;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InitramfsPackerTests : IDisposable
{
    /// <summary>2024-01-01T00:00:00Z.</summary>
    private const long Epoch = 1_704_067_200;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Gzip_and_cpio_read_the_archive_with_every_member_in_order_owned_by_root_at_the_epoch_with_the_kept_modes()
    {
        var at = temp.File("checkout");
        var gz = InitramfsPacker.Pack(SampleRootfs.Write(at, groupWritable: true, reversed: false), SampleRootfs.Additions(at), Epoch);

        var cpio = CpioJudge.Gunzip(gz, temp.File("judge"));

        Assert.Equal(SampleRootfs.Members.Select(m => m.Path), CpioJudge.Names(cpio));
        var lines = CpioJudge.Verbose(cpio);
        Assert.Equal(SampleRootfs.Members.Select(m => m.Mode), lines.Select(l => l.Mode));
        Assert.All(lines, l => Assert.Equal((0, 0, "Jan 1 2024"), (l.Uid, l.Gid, l.Date)));
        Assert.Equal(SampleRootfs.Members.Select(m => m.Target is null ? m.Path : $"{m.Path} -> {m.Target}"), lines.Select(l => l.Name));
        Assert.Equal(SampleRootfs.Members.Select(m => m.Mode[0] == 'd' ? 2 : 1), lines.Select(l => l.Links));
    }

    [Fact]
    public void Unpacked_by_cpio_the_archive_gives_back_contents_modes_link_targets_and_the_epoch_as_time()
    {
        var at = temp.File("checkout");
        var gz = InitramfsPacker.Pack(SampleRootfs.Write(at, groupWritable: false, reversed: false), SampleRootfs.Additions(at), Epoch);
        var unpacked = temp.File("unpacked");

        CpioJudge.Extract(CpioJudge.Gunzip(gz, temp.File("judge")), unpacked);

        foreach (var (path, mode, target) in SampleRootfs.Members)
        {
            var full = Path.Combine(unpacked, path);
            var info = new FileInfo(full);
            if (target is not null)
            {
                Assert.Equal(target, info.LinkTarget);
                continue;
            }

            Assert.Equal(mode, Ls(mode[0], info.UnixFileMode));
            if (mode[0] == '-')
            {
                // Only files: cpio sets a folder's time when it makes it, and the files it then makes inside change it.
                Assert.Equal(SampleRootfs.Contents[path], File.ReadAllBytes(full));
                Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Epoch).UtcDateTime, File.GetLastWriteTimeUtc(full));
            }
        }

        // find does not follow links (sbin -> bin), as .NET's recursive listing does.
        var everything = ExternalTool.Check("find", unpacked, "-mindepth", "1", "-printf", "%P\n").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Order(StringComparer.Ordinal);
        Assert.Equal(SampleRootfs.Members.Select(m => m.Path).Order(StringComparer.Ordinal), everything);
    }

    [Fact]
    public void The_same_tree_packs_to_the_same_bytes_under_another_umask_path_creation_order_and_file_times()
    {
        var first = temp.File("one");
        var second = temp.File(Path.Combine("elsewhere", "deeper", "two"));

        var a = InitramfsPacker.Pack(SampleRootfs.Write(first, groupWritable: true, reversed: false), SampleRootfs.Additions(first), Epoch);
        var b = InitramfsPacker.Pack(SampleRootfs.Write(second, groupWritable: false, reversed: true), SampleRootfs.Additions(second), Epoch);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Another_epoch_gives_other_bytes_and_that_time_on_every_member()
    {
        var at = temp.File("checkout");
        var root = SampleRootfs.Write(at, groupWritable: false, reversed: false);

        var later = InitramfsPacker.Pack(root, SampleRootfs.Additions(at), Epoch + 1);

        Assert.NotEqual(InitramfsPacker.Pack(root, SampleRootfs.Additions(at), Epoch), later);
        Assert.All(InitramfsReader.List(later), e => Assert.Equal((uint)(Epoch + 1), e.ModifiedSeconds));
    }

    [Theory]
    [InlineData(0x1C0, 0x1ED)] // 0700 -> 0755
    [InlineData(0x1C8, 0x1ED)] // 0710 -> 0755
    [InlineData(0x1A1, 0x1ED)] // 0641 (other may run it) -> 0755
    [InlineData(0x9ED, 0x1ED)] // 4755 (set-user-ID) -> 0755
    [InlineData(0x180, 0x1A4)] // 0600 -> 0644
    [InlineData(0x124, 0x1A4)] // 0444 -> 0644
    [InlineData(0x1B6, 0x1A4)] // 0666 -> 0644
    public void A_file_is_0755_when_any_execute_bit_is_set_and_0644_otherwise(int hostMode, int packedMode)
    {
        var root = Folder("rootfs");
        var file = Path.Combine(root, "tool");
        File.WriteAllText(file, "x");
        File.SetUnixFileMode(file, (UnixFileMode)hostMode);

        var entry = Assert.Single(InitramfsReader.List(InitramfsPacker.Pack(root, [], Epoch)));

        Assert.Equal(0x8000u | (uint)packedMode, entry.Mode);
    }

    [Fact]
    public void Hard_links_are_packed_as_separate_files_exactly_like_copies()
    {
        var linked = Folder("linked");
        File.WriteAllText(Path.Combine(linked, "a"), "same");
        ExternalTool.Check("ln", Path.Combine(linked, "a"), Path.Combine(linked, "b"));
        var copied = Folder("copied");
        File.WriteAllText(Path.Combine(copied, "a"), "same");
        File.WriteAllText(Path.Combine(copied, "b"), "same");

        var gz = InitramfsPacker.Pack(linked, [], Epoch);

        Assert.Equal(InitramfsPacker.Pack(copied, [], Epoch), gz);
        Assert.All(InitramfsReader.List(gz), e => Assert.Equal(4u, e.Size));
    }

    [Fact]
    public void Paths_are_ordered_by_their_UTF8_bytes_so_parents_come_first_and_dash_before_slash()
    {
        var root = Folder("rootfs");
        foreach (var name in new[] { "a/b", "a-b", "a.b", "B", "\uFF21", "\U0001F600", "Z/y" })
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, name);
        }

        var names = InitramfsReader.List(InitramfsPacker.Pack(root, [], Epoch)).Select(e => e.Path);

        // U+FF21 is EF BC A1 in UTF-8 and sorts before the emoji's F0; in UTF-16 the emoji's surrogate D83D sorts first.
        Assert.Equal(["B", "Z", "Z/y", "a", "a-b", "a.b", "a/b", "\uFF21", "\U0001F600"], names);
    }

    [Fact]
    public void A_folder_addition_merges_into_a_folder_the_root_already_has()
    {
        var root = Folder("rootfs");
        Directory.CreateDirectory(Path.Combine(root, "lib", "modules"));
        File.WriteAllText(Path.Combine(root, "lib", "modules", "README"), "here");
        var modules = Folder("modules");
        File.WriteAllText(Path.Combine(modules, "e1000.ko"), "module");

        var entries = InitramfsReader.List(InitramfsPacker.Pack(root, [new(modules, "/lib/modules")], Epoch));

        Assert.Equal(["lib", "lib/modules", "lib/modules/README", "lib/modules/e1000.ko"], entries.Select(e => e.Path));
    }

    [Fact]
    public void An_addition_given_by_a_link_packs_the_file_it_names_while_links_inside_folders_stay_links()
    {
        var root = Folder("rootfs");
        var real = temp.File("busybox-1.36");
        File.WriteAllText(real, "busybox");
        File.SetUnixFileMode(real, (UnixFileMode)0x1ED);
        var named = temp.File("busybox");
        File.CreateSymbolicLink(named, real);
        var tools = Folder("tools");
        File.CreateSymbolicLink(Path.Combine(tools, "sh"), "../bin/busybox");

        var gz = InitramfsPacker.Pack(root, [new(named, "/bin/busybox"), new(tools, "/usr/tools")], Epoch);

        var entries = InitramfsReader.List(gz).ToDictionary(e => e.Path);
        Assert.Equal((CpioFileType.RegularFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute), (entries["bin/busybox"].Type, entries["bin/busybox"].Permissions));
        Assert.Equal("busybox"u8.ToArray(), InitramfsReader.ReadFile(gz, "/bin/busybox"));
        Assert.Equal((CpioFileType.SymbolicLink, "../bin/busybox"), (entries["usr/tools/sh"].Type, entries["usr/tools/sh"].LinkTarget));
    }

    [Fact]
    public void An_addition_at_a_path_the_folder_has_is_refused_naming_both()
    {
        var root = Folder("rootfs");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.WriteAllText(Path.Combine(root, "bin", "busybox"), "old");
        var busybox = temp.File("busybox");
        File.WriteAllText(busybox, "new");

        var ex = Assert.Throws<ArgumentException>(() => InitramfsPacker.Pack(root, [new(busybox, "/bin/busybox")], Epoch));

        Assert.Equal($"/bin/busybox is given twice: by {root}/bin/busybox in the folder, and by {busybox}, added as /bin/busybox", ex.Message);
    }

    [Fact]
    public void Two_additions_at_one_path_are_refused_naming_both()
    {
        var root = Folder("rootfs");
        var one = temp.File("one");
        var two = temp.File("two");
        File.WriteAllText(one, "1");
        File.WriteAllText(two, "2");

        var ex = Assert.Throws<ArgumentException>(() => InitramfsPacker.Pack(root, [new(one, "/etc/id"), new(two, "/etc/id")], Epoch));

        Assert.Equal($"/etc/id is given twice: by {one}, added as /etc/id, and by {two}, added as /etc/id", ex.Message);
    }

    [Fact]
    public void An_addition_below_a_file_or_link_of_the_folder_is_refused_once_for_that_path()
    {
        var root = Folder("rootfs");
        File.CreateSymbolicLink(Path.Combine(root, "lib"), "usr/lib");
        var modules = Folder("modules");
        File.WriteAllText(Path.Combine(modules, "a.ko"), "a");
        File.WriteAllText(Path.Combine(modules, "b.ko"), "b");

        var ex = Assert.Throws<ArgumentException>(() => InitramfsPacker.Pack(root, [new(modules, "/lib/modules")], Epoch));

        Assert.Equal($"/lib is given twice: by {root}/lib in the folder, and by a folder for /lib/modules ({modules}, added as /lib/modules)", ex.Message);
    }

    [Fact]
    public void Every_collision_is_reported_at_once_one_per_line()
    {
        var root = Folder("rootfs");
        File.WriteAllText(Path.Combine(root, "init"), "init");
        File.WriteAllText(Path.Combine(root, "TRAILER!!!"), "end");
        var init = temp.File("init");
        File.WriteAllText(init, "other");

        var ex = Assert.Throws<ArgumentException>(() => InitramfsPacker.Pack(root, [new(init, "/init"), new(init, "/lib")], Epoch));

        Assert.Equal(
            [
                $"/TRAILER!!! is the name that ends a cpio archive and cannot be a member: {root}/TRAILER!!! in the folder",
                $"/init is given twice: by {root}/init in the folder, and by {init}, added as /init",
            ],
            ex.Message.Split('\n'));
    }

    [Theory]
    [InlineData("bin/busybox")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/bin/")]
    [InlineData("/bin//busybox")]
    [InlineData("/bin/./busybox")]
    [InlineData("/lib/../etc/passwd")]
    public void A_To_that_is_not_a_plain_absolute_path_is_refused(string to)
    {
        var root = Folder("rootfs");
        var file = temp.File("busybox");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<ArgumentException>(() => InitramfsPacker.Pack(root, [new(file, to)], Epoch));

        Assert.Equal($"the initramfs addition {file} -> {to}: '{to}' is not an absolute path inside the archive, such as /bin/busybox (no '.', '..', '//' or trailing '/')", ex.Message);
    }

    [Fact]
    public void Relative_host_paths_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => InitramfsPacker.Pack("rootfs", [new("build/busybox", "/bin/busybox")], Epoch));

        Assert.Equal(
            [
                "the initramfs folder rootfs is not a full path",
                "the initramfs addition build/busybox -> /bin/busybox: build/busybox is not a full path",
            ],
            ex.Message.Split('\n'));
    }

    [Fact]
    public void Missing_folder_and_additions_are_reported_together_as_named_paths_that_do_not_exist()
    {
        var root = temp.File("nosuch");
        var missing = temp.File("gone.ko");
        var dangling = temp.File("dangling");
        File.CreateSymbolicLink(dangling, temp.File("nowhere"));

        var ex = Assert.Throws<BadInputException>(() => InitramfsPacker.Pack(root, [new(missing, "/lib/gone.ko"), new(dangling, "/bin/x")], Epoch));

        Assert.All(ex.Problems, d => Assert.Equal(DiagnosticCodes.PathMissing, d.Code));
        Assert.Equal(
            [
                $"the initramfs folder {root} does not exist",
                $"the initramfs addition {missing} -> /lib/gone.ko: {missing} does not exist",
                $"the initramfs addition {dangling} -> /bin/x: {dangling} does not exist",
            ],
            ex.Problems.Select(d => d.Message));
    }

    [Fact]
    public void A_file_given_as_the_folder_is_refused()
    {
        var file = temp.File("rootfs.tar");
        File.WriteAllText(file, "not a folder");

        var ex = Assert.Throws<BadInputException>(() => InitramfsPacker.Pack(file, [], Epoch));

        Assert.Equal($"the initramfs folder {file} is a file, not a folder", Assert.Single(ex.Problems).Message);
    }

    [Fact]
    public void Fifos_sockets_and_devices_are_refused_every_one_named()
    {
        var root = Folder("rootfs");
        Directory.CreateDirectory(Path.Combine(root, "run"));
        var fifo = Path.Combine(root, "run", "initctl");
        ExternalTool.Check("mkfifo", fifo);
        var socket = Path.Combine(root, "run", "log.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));

        var ex = Assert.Throws<InvalidDataException>(() => InitramfsPacker.Pack(root, [new("/dev/null", "/dev/null")], Epoch));

        const string Why = "an initramfs holds only folders, files and symbolic links here (device nodes are made at boot, by devtmpfs)";
        string[] expected = [$"/dev/null is a character device; {Why}", $"{fifo} is a FIFO or socket; {Why}", $"{socket} is a FIFO or socket; {Why}"];

        // A folder is read in the order the file system lists it; the additions come after it.
        Assert.Equal(expected.Order(StringComparer.Ordinal), ex.Message.Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal(expected[0], ex.Message.Split('\n')[^1]);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4_294_967_296L)]
    public void An_epoch_outside_32_bits_is_refused(long epoch)
    {
        var root = Folder("rootfs");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => InitramfsPacker.Pack(root, [], epoch));

        Assert.Equal("epochSeconds", ex.ParamName);
    }

    [Fact]
    public void An_empty_folder_packs_to_an_archive_of_only_the_trailer()
    {
        var gz = InitramfsPacker.Pack(Folder("rootfs"), [], Epoch);

        Assert.Empty(InitramfsReader.List(gz));
        Assert.Empty(CpioJudge.Names(CpioJudge.Gunzip(gz, temp.File("judge"))));
    }

    private string Folder(string name) => Directory.CreateDirectory(temp.File(name)).FullName;

    /// <summary>A mode as ls writes it, such as -rwxr-xr-x.</summary>
    private static string Ls(char type, UnixFileMode mode)
    {
        var bits = "rwxrwxrwx";
        return type + string.Concat(bits.Select((c, i) => ((int)mode & (1 << (8 - i))) != 0 ? c : '-'));
    }
}
