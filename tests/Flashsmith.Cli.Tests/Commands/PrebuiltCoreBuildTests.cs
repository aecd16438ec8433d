using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flashsmith.Cli.Tests.Reproducibility;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// An image of a prebuilt core with the files that go with it, judged by outside tools: sbverify on the core and the
/// kernel, openssl on the manifest's signature, mtools, gzip and cpio on what the partitions hold, fsck.fat and sgdisk on
/// the disk, the SPDX and CycloneDX validators on the SBOMs; and by flashsmith verify, before and after one byte changes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrebuiltCoreBuildTests(PrebuiltCoreBuild build) : IClassFixture<PrebuiltCoreBuild>
{
    [Fact]
    public void Two_builds_from_different_folders_give_byte_identical_outputs()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Output + build.Run.Error);
        Assert.True(build.Again.ExitCode == ExitCodes.Success, build.Again.Output + build.Again.Error);
        var there = build.Temp.File($"else/where/out/{PrebuiltCoreBuild.Target}");
        var files = Directory.EnumerateFiles(build.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.EnumerateFiles(there).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(8, files.Count);
        foreach (var name in files)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(build.Folder, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(there, name!))),
                $"{name} differs between the two builds");
        }
    }

    [Fact]
    public void Core_keeps_its_vendor_signature_and_gets_ours_after_it()
    {
        var core = build.Extract("bootbank", "/core.efi");

        foreach (var certificate in new[] { build.VendorCertificate, build.DevCertificate })
        {
            var ok = ExternalTool.Run("sbverify", "--cert", certificate, core);
            Assert.True(ok.ExitCode == 0 && ok.All.Contains("Signature verification OK", StringComparison.Ordinal), $"{certificate}: {ok.All}");
        }

        var list = ExternalTool.Check("sbverify", "--list", core).Output;
        Assert.Contains("signature 2\n", list, StringComparison.Ordinal);
        Assert.DoesNotContain("signature 3", list, StringComparison.Ordinal);
        Assert.True(list.IndexOf("/CN=Core Vendor Signing", StringComparison.Ordinal) < list.IndexOf("/CN=Flashsmith development key", StringComparison.Ordinal), list);

        // Everything the vendor's signature covers is as the vendor shipped it: the file up to its certificate table.
        var given = Flashsmith.Signing.PeLayout.Read(build.CoreAsGiven);
        var built = File.ReadAllBytes(core);
        Assert.Equal(given.AuthenticodeHash(build.CoreAsGiven), Flashsmith.Signing.PeLayout.Read(built).AuthenticodeHash(built));
        Assert.Equal(build.CoreAsGiven.AsSpan(given.CertificateTableOffset).ToArray(), built.AsSpan(given.CertificateTableOffset, build.CoreAsGiven.Length - given.CertificateTableOffset).ToArray());
    }

    [Fact]
    public void Kernel_that_is_a_pe_image_is_signed_with_our_key_only()
    {
        var kernel = build.Extract("bootbank", "/vmlinuz");

        var ok = ExternalTool.Run("sbverify", "--cert", build.DevCertificate, kernel);
        Assert.True(ok.ExitCode == 0 && ok.All.Contains("Signature verification OK", StringComparison.Ordinal), ok.All);
        Assert.NotEqual(0, ExternalTool.Run("sbverify", "--cert", build.VendorCertificate, kernel).ExitCode);
        Assert.Equal(build.Kernel.Length, Flashsmith.Signing.PeLayout.Read(File.ReadAllBytes(kernel)).CertificateTableOffset);
    }

    [Fact]
    public void Openssl_accepts_the_manifest_signature_and_rejects_a_manifest_with_one_byte_changed()
    {
        var manifest = build.Extract("bootbank", "/manifest.txt");
        var signature = build.Extract("bootbank", "/manifest.p7s");

        var ok = Cms(signature, manifest);
        Assert.True(ok.ExitCode == 0 && ok.Error.Contains("Verification successful", StringComparison.Ordinal), ok.All);

        var bytes = File.ReadAllBytes(manifest);
        bytes[bytes.Length / 2] ^= 0x01;
        var tampered = build.Temp.File("manifest-tampered.txt");
        File.WriteAllBytes(tampered, bytes);
        var bad = Cms(signature, tampered);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("content verify error", bad.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot_cfg_passes_the_options_and_names_the_core()
    {
        var bootConfig = File.ReadAllText(build.Extract("bootbank", "/boot.cfg"));

        Assert.Contains("kernel=/core.efi\n", bootConfig, StringComparison.Ordinal);
        Assert.Contains($"kernelopt={PrebuiltCoreBuild.Options}\n", bootConfig, StringComparison.Ordinal);
        Assert.Contains("modules=\n", bootConfig, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_lists_each_file_of_the_bank_with_the_sha256_of_what_the_bank_holds_and_the_patterns()
    {
        var lines = File.ReadAllText(build.Extract("bootbank", "/manifest.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("ready=DOM0 READY", lines);
        Assert.Contains("halt=Kernel panic|THINVISOR HALT", lines);
        Assert.Equal(
            [
                $"file=vmlinuz dom0-kernel 6.1.0 {PrebuiltCoreBuild.Sha256Sum(build.Extract("bootbank", "/vmlinuz"))}",
                $"file=core.cfg core-cfg 1.0 {PrebuiltCoreBuild.Sha256Sum(build.Extract("bootbank", "/core.cfg"))}",
                $"file=initrd.gz rootfs 1.0 {PrebuiltCoreBuild.Sha256Sum(build.Extract("bootbank", "/initrd.gz"))}",
            ],
            lines.Where(l => l.StartsWith("file=", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("module=", StringComparison.Ordinal) || l.Contains("readme.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_files_hold_their_text_in_the_bank_and_on_the_esp()
    {
        Assert.Equal(PrebuiltCoreBuild.Config, File.ReadAllText(build.Extract("bootbank", "/core.cfg")));
        Assert.Equal(PrebuiltCoreBuild.Note, File.ReadAllText(build.Extract("esp", "/EFI/demo/readme.txt")));
    }

    [Fact]
    public void Initramfs_lists_with_cpio_as_owned_by_root_at_the_epoch_with_the_added_file()
    {
        var folder = build.Temp.File("initramfs");
        Directory.CreateDirectory(folder);
        var packed = Path.Combine(folder, "initrd.gz");
        File.Copy(build.Extract("bootbank", "/initrd.gz"), packed, overwrite: true);
        ExternalTool.Check("gzip", "-t", packed);
        ExternalTool.Check("gzip", "-d", "-k", "-f", packed);
        var cpio = Path.Combine(folder, "initrd");

        var listing = ExternalTool.Run("cpio", ["-i", "-t", "-v", "--numeric-uid-gid", "--quiet", "-F", cpio], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["TZ"] = "UTC" });

        Assert.True(listing.ExitCode == 0, listing.All);
        var lines = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(l => Regex.Match(l, @"^(\S+)\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\w{3}\s+\d+\s+\d{4}) (.+)$")).ToList();
        Assert.All(entries, e => Assert.True(e.Success, string.Join('\n', lines)));
        Assert.Equal(["bin", "bin/busybox", "etc", "etc/hostname", "init"], entries.Select(e => e.Groups[6].Value));
        Assert.Equal(["drwxr-xr-x", "-rwxr-xr-x", "drwxr-xr-x", "-rw-r--r--", "-rwxr-xr-x"], entries.Select(e => e.Groups[1].Value));
        Assert.All(entries, e => Assert.Equal(("0", "0"), (e.Groups[2].Value, e.Groups[3].Value)));
        Assert.All(entries, e => Assert.Equal("Jan  1  2026", e.Groups[5].Value));
        Assert.Equal(PrebuiltCoreBuild.Busybox.Length.ToString(CultureInfo.InvariantCulture), entries[1].Groups[4].Value);

        var unpacked = Path.Combine(folder, "unpacked");
        Directory.CreateDirectory(unpacked);
        ExternalTool.Check("cpio", "-i", "-d", "--quiet", "--no-absolute-filenames", "-F", cpio, "-D", unpacked);
        Assert.Equal(PrebuiltCoreBuild.Busybox, File.ReadAllText(Path.Combine(unpacked, "bin", "busybox")));
    }

    [Fact]
    public void Every_partition_passes_fsck_and_the_table_passes_sgdisk() =>
        DiskJudges.CheckTableAndVolumes(build.Image, build.Temp.Path);

    [Fact]
    public void Verify_passes_and_checks_each_file_of_the_bank_and_the_manifest_signature()
    {
        var run = CliRun.Of("verify", build.Image, "--cert", build.DevCertificate);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        foreach (var check in new[]
        {
            "ok     bootbank:/core.efi Authenticode",
            "ok     bootbank:/manifest.txt against its signature /manifest.p7s",
            "ok     bootbank:/vmlinuz (dom0-kernel 6.1.0) against the manifest",
            "ok     bootbank:/vmlinuz (dom0-kernel 6.1.0) Authenticode",
            "ok     bootbank:/core.cfg (core-cfg 1.0) against the manifest",
            "ok     bootbank:/initrd.gz (rootfs 1.0) against the manifest",
        })
        {
            Assert.Contains(check, run.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("core.cfg (core-cfg 1.0) Authenticode", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Core_built_elsewhere_that_holds_our_anchor_bytes_is_checked_by_its_manifest_signature()
    {
        Assert.True(build.Anchored.ExitCode == ExitCodes.Success, build.Anchored.Output + build.Anchored.Error);
        var image = build.Temp.File("here/out-anchored/anchored/demo-1.0.0-anchored.img");

        var run = CliRun.Of("verify", image, "--cert", build.DevCertificate);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("ok     bootbank:/manifest.txt against its signature /manifest.p7s", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/vmlinuz", "dom0-kernel 6.1.0")]
    [InlineData("/core.cfg", "core-cfg 1.0")]
    [InlineData("/initrd.gz", "rootfs 1.0")]
    public void File_changed_in_the_bank_is_named_by_verify_with_exit_4(string path, string component)
    {
        var image = Tampered(path, 5);

        var run = CliRun.Of("verify", image, "--cert", build.DevCertificate);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Matches($@"bootbank:{Regex.Escape(path)} \({Regex.Escape(component)}\) against the manifest: its SHA-256 is [0-9a-f]{{64}}, the manifest says [0-9a-f]{{64}} \(the file starts at 0x[0-9a-f]+ \(\d+\) in the image\)", run.Error);
        Assert.Contains("the seal does not hold", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("manifest.txt against its signature", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_changed_in_its_code_also_fails_its_authenticode_check()
    {
        var bytes = build.Kernel;
        var section = Flashsmith.Signing.PeLayout.Read(bytes).Sections[0];
        var image = Tampered("/vmlinuz", section.Offset + (section.Size / 2));

        var run = CliRun.Of("verify", image, "--cert", build.DevCertificate);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("bootbank:/vmlinuz (dom0-kernel 6.1.0) Authenticode", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_changed_in_the_bank_fails_against_its_signature()
    {
        var image = Tampered("/manifest.txt", 12);

        var run = CliRun.Of("verify", image, "--cert", build.DevCertificate);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Matches(@"bootbank:/manifest\.txt against its signature /manifest\.p7s: .*the manifest does not match its signature.* \(the file starts at 0x[0-9a-f]+ \(\d+\) in the image\)", run.Error);
    }

    [Fact]
    public void Manifest_json_says_where_each_component_came_from()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(build.Folder, "manifest.json")))!;
        var components = manifest["components"]!.AsArray().Select(c => c!).ToList();

        Assert.Equal(
            ["loader sources esp:/EFI/BOOT/BOOTX64.EFI", "core prebuilt bootbank:/core.efi", "dom0-kernel prebuilt bootbank:/vmlinuz", "core-cfg text bootbank:/core.cfg", "rootfs initramfs bootbank:/initrd.gz", "esp-note text esp:/EFI/demo/readme.txt"],
            components.Select(c => $"{c["name"]} {c["from"]} {c["partition"]}:{c["path"]}"));
        Assert.Equal([null, null, PrebuiltCoreBuild.Purl, null, null, null], components.Select(c => (string?)c["purl"]));
        Assert.Equal(["loader", "core", "file", "file", "file", "file"], components.Select(c => (string)c["kind"]!));
        Assert.Equal(PrebuiltCoreBuild.Sha256Sum(build.Extract("esp", "/EFI/demo/readme.txt")), (string)components[5]["sha256"]!);
    }

    [Fact]
    public void The_SPDX_document_validates_and_carries_the_purl_as_an_external_reference()
    {
        var spdx = build.Image + ".spdx.json";

        var result = Judges.ValidateSpdx(spdx);

        Assert.True(result.ExitCode == 0, result.All);
        var packages = JsonNode.Parse(File.ReadAllText(spdx))!["packages"]!.AsArray().Select(p => p!).ToList();
        var kernel = packages.Single(p => (string)p["name"]! == "dom0-kernel");
        var reference = Assert.Single(kernel["externalRefs"]!.AsArray())!;
        Assert.Equal(["PACKAGE-MANAGER", "purl", PrebuiltCoreBuild.Purl], new[] { "referenceCategory", "referenceType", "referenceLocator" }.Select(k => (string)reference[k]!));
        Assert.All(packages.Where(p => (string)p["name"]! != "dom0-kernel"), p => Assert.Null(p["externalRefs"]));
    }

    [Fact]
    public void The_CycloneDX_document_validates_and_carries_the_purl()
    {
        var cdx = build.Image + ".cdx.json";

        var result = Judges.ValidateCycloneDx(cdx);

        Assert.True(result.ExitCode == 0, result.All);
        var components = JsonNode.Parse(File.ReadAllText(cdx))!["components"]!.AsArray().Select(c => c!).ToList();
        Assert.Equal(PrebuiltCoreBuild.Purl, (string)components.Single(c => (string)c["name"]! == "dom0-kernel")["purl"]!);
        Assert.All(components.Where(c => (string)c["name"]! != "dom0-kernel"), c => Assert.Null(c["purl"]));
    }

    [Fact]
    public void Budget_report_has_lines_for_the_files_groups_and_components()
    {
        var budget = JsonNode.Parse(File.ReadAllText(Path.Combine(build.Folder, "budget.json")))!;
        var lines = budget["lines"]!.AsArray().Select(l => l!).ToDictionary(l => $"{l["kind"]} {l["name"]}", l => l);

        Assert.Equal(1024 * 1024, (long)lines["group dom0"]["limitBytes"]!);
        Assert.Equal(256 * 1024, (long)lines["component dom0-kernel"]["limitBytes"]!);
        Assert.Equal("ok", (string)lines["group dom0"]["verdict"]!);
        foreach (var name in new[] { "group files", "component core-cfg", "component rootfs", "component esp-note" })
        {
            Assert.True(lines.ContainsKey(name), $"budget.json has no line '{name}': {string.Join(", ", lines.Keys)}");
        }

        // A group's use is the sum of its components' (each rounded up to whole clusters).
        Assert.Equal((long)lines["component dom0-kernel"]["usedBytes"]! + (long)lines["component rootfs"]["usedBytes"]!, (long)lines["group dom0"]["usedBytes"]!);
        Assert.Equal((long)lines["component core-cfg"]["usedBytes"]! + (long)lines["component esp-note"]["usedBytes"]!, (long)lines["group files"]["usedBytes"]!);
        Assert.True((long)lines["component dom0-kernel"]["usedBytes"]! >= build.Kernel.Length);
    }

    private ExternalTool.Result Cms(string signature, string content) =>
        ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", content, "-CAfile", build.DevCertificate, "-purpose", "any", "-out", "/dev/null");

    /// <summary>A copy of the image, with its seal, whose byte <paramref name="at"/> of bank file <paramref name="path"/> is flipped.</summary>
    private string Tampered(string path, long at)
    {
        var image = build.Temp.File($"tampered-{path.Trim('/').Replace('/', '_')}-{at}.img");
        File.Copy(build.Image, image, overwrite: true);
        File.Copy(build.Image + ".p7s", image + ".p7s", overwrite: true);
        using var stream = File.Open(image, FileMode.Open);
        var bank = PartitionTable.Read(stream).Find("bootbank")!;
        var fs = new Disk.Fat.FatFileSystem(stream, bank.Offset.Bytes, bank.Size.Bytes);
        var offset = bank.Offset.Bytes + fs.DataOffset(fs.Find(path)!.FirstCluster) + at;
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x80));
        return image;
    }
}
