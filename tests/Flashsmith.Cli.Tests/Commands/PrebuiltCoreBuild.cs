using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// A recipe that takes what others built, built twice for a whole test class: a prebuilt core (a tiny EFI application
/// its vendor signed with sbsign) with load options, a kernel that is a PE image (another tiny application) with a
/// purl, a text file, an initramfs with an added file, and a file on the ESP. Each build has its own copy of the
/// project, output folder and cache; both sign with the development key of the first.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrebuiltCoreBuild : IDisposable
{
    public const string Target = "dom0";
    public const string ImageName = "demo-1.0.0-dom0.img";
    public const string Options = "console=com1 dom0_mem=512M loglvl=all";
    public const string Purl = "pkg:deb/debian/linux-image-amd64@6.1.0?arch=amd64";
    public const string Config = "[global]\ndefault=dom0\n";
    public const string Note = "built by flashsmith\n";
    public const string Busybox = "#!/bin/sh\necho busybox\n";

    private Dictionary<string, long>? offsets;

    public PrebuiltCoreBuild()
    {
        var payload = Temp.File("payload");
        Directory.CreateDirectory(payload);
        TinyApplication(42, Path.Combine(payload, "core-unsigned.efi"));
        TinyApplication(7, Path.Combine(payload, "kernel.efi"));
        ExternalTool.Check("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650", "-subj", "/CN=Core Vendor Signing",
            "-keyout", Path.Combine(payload, "vendor.key"), "-out", VendorCertificate);
        ExternalTool.Check("sbsign", "--key", Path.Combine(payload, "vendor.key"), "--cert", VendorCertificate, "--output", Path.Combine(payload, "core.efi"), Path.Combine(payload, "core-unsigned.efi"));
        CoreAsGiven = File.ReadAllBytes(Path.Combine(payload, "core.efi"));
        Kernel = File.ReadAllBytes(Path.Combine(payload, "kernel.efi"));

        foreach (var copy in new[] { "here", Path.Combine("else", "where") })
        {
            MakeProject(Temp.File(copy));
        }

        Run = Build("here");

        // A core built elsewhere that holds our manifest anchor's bytes, as a Thinvisor core from another build does.
        var anchored = TinyApplication(3, Temp.File("here/payload/anchored.efi"), "__attribute__((used)) static const volatile char anchor[48] = \"THINVISOR-ANCHOR\";");
        File.WriteAllText(Temp.File("here/recipes/anchored.yaml"), $"""
            product:
              name: demo
              version: 1.0.0
            core:
              prebuilt: ../payload/anchored.efi
              sha256: {Sha(anchored)}
              loader: ../src/firmware/loader
            """);
        Anchored = CliRun.Of("build", Temp.File("here/recipes/anchored.yaml"), "--out", Temp.File("here/out-anchored"), "--cache", Temp.File("here/cache"));

        // The second copy signs with the first's key, so that the two builds may give the same bytes.
        Temp.CopyIn(Temp.File("here/.flashsmith/keys/dev"), Path.Combine("else", "where", ".flashsmith", "keys", "dev"));
        Again = Build(Path.Combine("else", "where"));
    }

    public TempFolder Temp { get; } = new();

    /// <summary>The first build, from "here".</summary>
    public CliRun Run { get; }

    /// <summary>The second build, from "else/where".</summary>
    public CliRun Again { get; }

    /// <summary>The build of target 'anchored', whose prebuilt core holds the bytes of our manifest anchor.</summary>
    public CliRun Anchored { get; }

    /// <summary>The core as its vendor signed it, before the build added its own signature.</summary>
    public byte[] CoreAsGiven { get; }

    /// <summary>The kernel file as the recipe takes it, unsigned.</summary>
    public byte[] Kernel { get; }

    public string VendorCertificate => Temp.File("payload/vendor.pem");

    public string DevCertificate => Temp.File("here/.flashsmith/keys/dev/cert.pem");

    public string Folder => Temp.File("here/out/" + Target);

    public string Image => Path.Combine(Folder, ImageName);

    /// <summary>Each partition's byte offset, from the first sector sgdisk prints for it.</summary>
    public IReadOnlyDictionary<string, long> Offsets => offsets ??=
        Regex.Matches(ExternalTool.Check("sgdisk", "-p", Image).Output, @"^\s+\d+\s+(\d+)\s+\d+\s+\S+ \S+\s+\S+\s+(\S+)\s*$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[2].Value, m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 512);

    /// <summary>Reads <paramref name="path"/> of <paramref name="partition"/> out of <paramref name="image"/> (by default the first build's) with mcopy.</summary>
    public string Extract(string partition, string path, string? image = null)
    {
        var folder = Temp.File("mcopy");
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, $"{partition}-{path.Replace('/', '_')}");
        File.Delete(copy);
        var read = ExternalTool.Run("mcopy", ["-n", "-i", $"{image ?? Image}@@{Offsets[partition]}", "::" + path, copy], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
        Assert.True(read.ExitCode == 0, read.All);
        return copy;
    }

    public static string Sha256Sum(string file) => ExternalTool.Check("sha256sum", file).Output.Split(' ')[0];

    public void Dispose() => Temp.Dispose();

    private CliRun Build(string copy) =>
        CliRun.Of("build", Temp.File($"{copy}/recipes/{Target}.yaml"), "--out", Temp.File($"{copy}/out"), "--cache", Temp.File($"{copy}/cache"));

    /// <summary>An x86-64 EFI application that returns <paramref name="value"/> + 1, built with clang and lld-link; gives its bytes.</summary>
    private static byte[] TinyApplication(int value, string output, string extra = "")
    {
        var source = output + ".c";
        File.WriteAllText(source, $$"""
            typedef unsigned long long u64;
            {{extra}}
            static volatile u64 counter = {{value}};
            u64 efi_main(void *image, void *system_table)
            {
                (void)image;
                (void)system_table;
                return counter + 1;
            }
            """);
        ExternalTool.Check("clang", [.. Toolchain.CompileFlags, "-c", source, "-o", output + ".obj"]);
        ExternalTool.Check("lld-link", [.. Toolchain.LinkArguments(ImageKind.Application, [output + ".obj"], output)]);
        return File.ReadAllBytes(output);
    }

    private void MakeProject(string root)
    {
        var relative = Path.GetRelativePath(Temp.Path, root);
        Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine(relative, "src", "firmware"));
        Directory.CreateDirectory(Path.Combine(root, "recipes"));
        Directory.CreateDirectory(Path.Combine(root, "payload"));
        File.WriteAllBytes(Path.Combine(root, "payload", "core.efi"), CoreAsGiven);
        File.WriteAllBytes(Path.Combine(root, "payload", "kernel.efi"), Kernel);
        Write(Path.Combine(root, "payload", "busybox"), Busybox, executable: true);
        Write(Path.Combine(root, "rootfs", "init"), "#!/bin/sh\nexec /bin/busybox sh\n", executable: true);
        Write(Path.Combine(root, "rootfs", "etc", "hostname"), "dom0\n", executable: false);
        File.WriteAllText(Path.Combine(root, "recipes", Target + ".yaml"), $$"""
            product:
              name: demo
              version: 1.0.0
            core:
              prebuilt: ../payload/core.efi
              sha256: {{Sha(CoreAsGiven)}}
              options: "{{Options}}"
              loader: ../src/firmware/loader
            files:
              - name: dom0-kernel
                version: 6.1.0
                group: dom0
                to: /vmlinuz
                from: ../payload/kernel.efi
                sha256: {{Sha(Kernel)}}
                purl: "{{Purl}}"
              - name: core-cfg
                version: 1.0
                to: /core.cfg
                text: |
                  [global]
                  default=dom0
              - name: rootfs
                version: 1.0
                group: dom0
                to: /initrd.gz
                initramfs: ../rootfs
                add:
                  - {from: ../payload/busybox, to: /bin/busybox, sha256: {{Sha(System.Text.Encoding.UTF8.GetBytes(Busybox))}}}
              - name: esp-note
                version: 1.0
                partition: esp
                to: /EFI/demo/readme.txt
                text: "built by flashsmith\n"
            boot:
              ready: "DOM0 READY"
              halt: "Kernel panic|THINVISOR HALT"
            budget:
              groups: {dom0: 1MiB}
              components: {dom0-kernel: 256KiB}
            """);
    }

    private static void Write(string path, string text, bool executable)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, executable
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
