namespace Flashsmith.Tests.Payloads;

/// <summary>
/// A small root file system and the additions packed with it, written to disk the way a checkout might leave it: with
/// the modes a umask gives (0002 or 0022), the files made in one order or the other, and times of the host's choosing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class SampleRootfs
{
    /// <summary>Every member the archive of <see cref="Write"/> and <see cref="Additions"/> holds, in archive order, with the mode cpio -tv shows.</summary>
    public static readonly (string Path, string Mode, string? Target)[] Members =
    [
        ("bin", "drwxr-xr-x", null),
        ("bin/busybox", "-rwxr-xr-x", null),
        ("bin/sh", "lrwxrwxrwx", "busybox"),
        ("etc", "drwxr-xr-x", null),
        ("etc/.profile", "-rw-r--r--", null),
        ("etc/inittab", "-rw-r--r--", null),
        ("etc/motd", "lrwxrwxrwx", "/usr/share/motd"),
        ("init", "-rwxr-xr-x", null),
        ("lib", "drwxr-xr-x", null),
        ("lib/modules", "drwxr-xr-x", null),
        ("lib/modules/6.1", "drwxr-xr-x", null),
        ("lib/modules/6.1/e1000.ko", "-rw-r--r--", null),
        ("lib/modules/6.1/modules.dep", "-rw-r--r--", null),
        ("sbin", "lrwxrwxrwx", "bin"),
        ("usr", "drwxr-xr-x", null),
        ("usr/bin", "drwxr-xr-x", null),
        ("usr/bin/probe", "-rwxr-xr-x", null),
        ("usr/share", "drwxr-xr-x", null),
        ("usr/share/empty", "drwxr-xr-x", null),
    ];

    /// <summary>The contents of each regular file, by archive path.</summary>
    public static readonly IReadOnlyDictionary<string, byte[]> Contents = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["bin/busybox"] = Bytes(1, 5000),
        ["etc/.profile"] = "export PS1='# '\n"u8.ToArray(),
        ["etc/inittab"] = "::sysinit:/etc/init.d/rcS\n::respawn:/bin/sh\n"u8.ToArray(),
        ["init"] = "#!/bin/sh\nexec /sbin/init\n"u8.ToArray(),
        ["lib/modules/6.1/e1000.ko"] = Bytes(2, 3001),
        ["lib/modules/6.1/modules.dep"] = "e1000.ko:\n"u8.ToArray(),
        ["usr/bin/probe"] = Bytes(3, 77),
    };

    /// <summary>Writes the root folder, the modules folder and the probe program under <paramref name="at"/>; returns the root folder.</summary>
    public static string Write(string at, bool groupWritable, bool reversed)
    {
        var file = groupWritable ? (UnixFileMode)0x1B4 : (UnixFileMode)0x1A4; // 0664 : 0644
        var program = groupWritable ? (UnixFileMode)0x1FD : (UnixFileMode)0x1ED; // 0775 : 0755
        var steps = new List<Action>
        {
            () => Put(at, "rootfs/bin/busybox", "bin/busybox", program),
            () => Link(at, "rootfs/bin/sh", "busybox"),
            () => Put(at, "rootfs/etc/.profile", "etc/.profile", file),
            () => Put(at, "rootfs/etc/inittab", "etc/inittab", file),
            () => Link(at, "rootfs/etc/motd", "/usr/share/motd"),
            () => Put(at, "rootfs/init", "init", program),
            () => Link(at, "rootfs/sbin", "bin"),
            () => Folder(at, "rootfs/usr/share/empty", program),
            () => Put(at, "modules/6.1/e1000.ko", "lib/modules/6.1/e1000.ko", file),
            () => Put(at, "modules/6.1/modules.dep", "lib/modules/6.1/modules.dep", file),
            () => Put(at, "build/probe-2.0", "usr/bin/probe", program),
            () => Link(at, "build/probe", "probe-2.0"),
        };
        if (reversed)
        {
            steps.Reverse();
        }

        steps.ForEach(step => step());
        foreach (var folder in Directory.EnumerateDirectories(at, "*", SearchOption.AllDirectories).Where(d => new DirectoryInfo(d).LinkTarget is null))
        {
            File.SetUnixFileMode(folder, program);
        }

        return Path.Combine(at, "rootfs");
    }

    /// <summary>The modules folder as /lib/modules, and the probe program (named by a link to it) as /usr/bin/probe.</summary>
    public static IReadOnlyList<Flashsmith.Payloads.InitramfsAddition> Additions(string at) =>
    [
        new(Path.Combine(at, "modules"), "/lib/modules"),
        new(Path.Combine(at, "build", "probe"), "/usr/bin/probe"),
    ];

    private static void Put(string at, string relative, string member, UnixFileMode mode)
    {
        var path = Path.Combine(at, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Contents[member]);
        File.SetUnixFileMode(path, mode);

        // A time of the host's own, different on every run: it must not show in the archive.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(-Random.Shared.Next(1_000_000)));
    }

    private static void Link(string at, string relative, string target)
    {
        var path = Path.Combine(at, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    private static void Folder(string at, string relative, UnixFileMode mode)
    {
        var path = Path.Combine(at, relative);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, mode);
    }

    private static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
