using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Xen;

/// <summary>
/// The Xen example built from its recipe after <c>examples/xen/fetch</c>: version 1.0.0 as the repository has it, and, from a
/// copy of the example in a project of its own, 1.1.0, a 1.1.0 whose dom0 never commits its bank, and a recipe whose core
/// is the dom0 kernel's EFI stub itself. All are signed with the development key.
/// </summary>
public sealed class XenBuilds : IDisposable
{
    private readonly string recipe;

    public const string Recipe = "examples/xen/xen.yaml";
    public const string Target = "xen";
    public const string ImageName = "thinvisor-xen-1.0.0-xen.img";

    /// <summary>What Xen with a Linux dom0 needs to boot: dom0 alone takes 512 MiB.</summary>
    public const string Memory = "1GiB";

    public XenBuilds()
    {
        var example = Path.Combine(CliRun.RepositoryRoot, "examples", "xen");
        var fetch = ExternalTool.Run(Path.Combine(example, "fetch"), [], TimeSpan.FromMinutes(10));
        Assert.True(fetch.ExitCode == 0, "examples/xen/fetch failed:\n" + fetch.All);

        V1Run = CliRun.Of("build", Path.Combine(CliRun.RepositoryRoot, Recipe), "--out", Temp.File("out"), "--cache", Temp.File("cache"));
        Assert.True(V1Run.ExitCode == 0, V1Run.Output + V1Run.Error);

        // A project of its own: the example, the loader's sources, and a recipes folder that makes it the project.
        Temp.CopyIn(example, "project/examples/xen", path => !path.Contains("/.debs", StringComparison.Ordinal));
        Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), "project/src/firmware");
        Directory.CreateDirectory(Temp.File("project/recipes"));
        var dev = Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev");
        Key = Temp.File("dev-key-and-cert.pem");
        File.WriteAllText(Key, File.ReadAllText(Path.Combine(dev, "key.pem")) + "\n" + File.ReadAllText(Path.Combine(dev, "cert.pem")));

        // Each version's recipe is xen.yaml in a folder of its own beside the example, so that the target is the same.
        recipe = File.ReadAllText(Path.Combine(example, "xen.yaml"))
            .Replace("payload/", "../xen/payload/", StringComparison.Ordinal)
            .Replace("    initramfs: rootfs\n", "    initramfs: ../xen/rootfs\n", StringComparison.Ordinal);
        var v2 = recipe.Replace("  version: 1.0.0\n  epoch:", "  version: 1.1.0\n  epoch:", StringComparison.Ordinal);
        Assert.NotEqual(recipe, v2);
        V2 = Build("v2", v2, "thinvisor-xen-1.1.0-xen.img");

        // The test hook of the example's init: an initramfs holding /etc/thinvisor/no-commit never commits its bank.
        var noCommit = Temp.File("project/examples/xen/rootfs-no-commit");
        Temp.CopyIn(Path.Combine(example, "rootfs"), "project/examples/xen/rootfs-no-commit");
        File.WriteAllText(Path.Combine(noCommit, "etc", "thinvisor", "no-commit"), string.Empty);
        V2NoCommit = Build("v2-no-commit", v2.Replace("    initramfs: ../xen/rootfs\n", "    initramfs: ../xen/rootfs-no-commit\n", StringComparison.Ordinal), "thinvisor-xen-1.1.0-xen.img");

        // The loader is not Xen's: Debian's kernel, as the core, is started with its command line and its initramfs.
        var busybox = Sha256Of(Path.Combine(example, "payload", "busybox"));
        var linux = $$"""
            product:
              name: thinvisor-linux
              version: 1.0.0
            core:
              prebuilt: ../xen/payload/vmlinuz
              sha256: {{Sha256Of(Path.Combine(example, "payload", "vmlinuz"))}}
              options: initrd=\initrd.gz console=ttyS0
              loader: ../../src/firmware/loader
            files:
              - name: rootfs
                version: 1.0.0
                to: /initrd.gz
                initramfs: ../xen/rootfs
                add:
                  - {from: ../xen/payload/busybox, to: /bin/busybox, sha256: {{busybox}}}
                  - {from: ../xen/payload/modules/lib/modules, to: /lib/modules}
            layout:
              partitions:
                - {name: esp, type: efi-system, size: 1MiB, filesystem: fat12, contents: core}
                - {name: bootbank, size: 14MiB, filesystem: fat16, contents: bootbank}
                - {name: altbootbank, size: 14MiB, filesystem: fat16, contents: empty}
                - {name: unit, size: rest, filesystem: fat, contents: unit}

            """;
        Linux = Build("linux", linux, "thinvisor-linux-1.0.0-xen.img");
    }

    public TempFolder Temp { get; } = new();

    public CliRun V1Run { get; }

    public string V1 => Path.Combine(Temp.File("out"), Target, ImageName);

    public string V2 { get; }

    public string V2NoCommit { get; }

    public string Linux { get; }

    /// <summary>The development key with its certificate, as build --key takes it.</summary>
    public string Key { get; }

    public static string Certificate => Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev", "cert.pem");

    /// <summary>
    /// The example as <paramref name="version"/> signed with <paramref name="key"/> (a PEM file with the key and its certificate),
    /// built into images-<paramref name="name"/> of the project; a second call with the same name gives the same image.
    /// </summary>
    public string BuildSigned(string name, string version, string key)
    {
        var image = Path.Combine(Temp.File("project/images-" + name), Target, $"thinvisor-xen-{version}-{Target}.img");
        if (File.Exists(image))
        {
            return image;
        }

        var text = recipe.Replace("  version: 1.0.0\n  epoch:", $"  version: {version}\n  epoch:", StringComparison.Ordinal);
        return Build(name, text, Path.GetFileName(image), key);
    }

    /// <summary>A copy of the 1.0.0 image with its seal and block map, in <paramref name="folder"/> of the temp folder.</summary>
    public string CopyV1(string folder)
    {
        var target = Temp.File(folder);
        Directory.CreateDirectory(target);
        var copy = Path.Combine(target, ImageName);
        foreach (var suffix in new[] { string.Empty, ".p7s", ".bmap" })
        {
            File.Copy(V1 + suffix, copy + suffix);
        }

        return copy;
    }

    /// <summary>Boots an image or key with Xen's memory; <paramref name="more"/> are further arguments of boot.</summary>
    public static CliRun Boot(string disk, params string[] more) => CliRun.Of(["boot", disk, "--memory", Memory, "--timeout", "240", .. more]);

    public static string Sha256Of(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    public void Dispose() => Temp.Dispose();

    /// <summary>Builds <paramref name="text"/> as examples/<paramref name="name"/>/xen.yaml of the project, into images-<paramref name="name"/>, signed with <paramref name="key"/> or the development key.</summary>
    private string Build(string name, string text, string image, string? key = null)
    {
        var path = Temp.File($"project/examples/{name}/xen.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        var output = Temp.File("project/images-" + name);
        var run = CliRun.Of("build", path, "--out", output, "--cache", Temp.File("cache"), "--key", key ?? Key);
        Assert.True(run.ExitCode == 0, name + ":\n" + run.Output + run.Error);
        return Path.Combine(output, Target, image);
    }
}
