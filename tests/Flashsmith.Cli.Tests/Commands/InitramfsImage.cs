using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// A project whose recipe packs a small initramfs (a file, an executable, a symbolic link and a folder) into the boot
/// bank beside a gzip file that is not an archive, built once for a whole test class.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InitramfsImage : IDisposable
{
    /// <summary>The recipe's epoch, 2026-01-01T00:00:00Z: every member's time.</summary>
    public const long Epoch = 1_767_225_600;

    public InitramfsImage()
    {
        Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
        Directory.CreateDirectory(Temp.File("rootfs/etc"));
        File.WriteAllText(Temp.File("rootfs/etc/motd"), "Thinvisor dom0\n");
        File.WriteAllText(Temp.File("rootfs/init"), "#!/bin/sh\necho THINVISOR READY\n");
        File.SetUnixFileMode(Temp.File("rootfs/init"), (UnixFileMode)0x1ED);
        File.CreateSymbolicLink(Temp.File("rootfs/linuxrc"), "init");

        // gzip's own output, of text: gzip, but not an initramfs.
        Directory.CreateDirectory(Temp.File("payload"));
        File.WriteAllText(Temp.File("payload/notes"), "not an archive\n");
        ExternalTool.Check("gzip", "-n", "-k", Temp.File("payload/notes"));
        var notes = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Temp.File("payload/notes.gz"))));

        Directory.CreateDirectory(Temp.File("recipes/oem"));
        var recipe = Temp.File("recipes/demo.yaml");
        File.WriteAllText(recipe, $"""
            product:
              name: demo
              version: 1.0.0
              epoch: 2026-01-01T00:00:00Z
            core:
              sources: ../src/firmware/core
            files:
              - {"{"}name: rootfs, version: 1.0.0, to: /initrd.gz, initramfs: ../rootfs{"}"}
              - {"{"}name: notes, version: 1.0.0, to: /docs/notes.gz, from: ../payload/notes.gz, sha256: {notes}{"}"}
            """);
        Run = CliRun.Of("build", recipe, "--out", Temp.File("images"), "--cache", Temp.File("cache"));
    }

    public TempFolder Temp { get; } = new();

    public CliRun Run { get; }

    public string Image => Temp.File("images/demo/demo-1.0.0-demo.img");

    public void Dispose() => Temp.Dispose();
}
