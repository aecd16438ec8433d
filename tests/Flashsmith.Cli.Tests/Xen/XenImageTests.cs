using System.Text.Json;
using Flashsmith.Cli.Tests.Reproducibility;
using Flashsmith.Devices;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Xen;

/// <summary>The Xen image as outside tools see it, and as it boots: built, signed, budgeted, provisioned, reproduced.</summary>
[Collection(XenCollection.Name)]
public sealed class XenImageTests(XenBuilds builds)
{
    [Fact]
    public void Image_is_32_MiB_and_sgdisk_fsck_sbverify_and_verify_accept_it()
    {
        Assert.Equal(32L << 20, new FileInfo(builds.V1).Length);
        using var temp = new TempFolder();
        DiskJudges.CheckTableAndVolumes(builds.V1, temp.Path);

        var pem = XenBuilds.Certificate;
        foreach (var file in new[] { "xen.efi", "vmlinuz" })
        {
            var copy = Extract(builds.V1, "bootbank", file, temp);
            var sbverify = ExternalTool.Run("sbverify", "--cert", pem, copy);
            Assert.True(sbverify.ExitCode == 0, file + ": " + sbverify.All);
        }

        // Debian signed its kernel; that signature stays, ours comes after it.
        var list = ExternalTool.Run("sbverify", "--list", Extract(builds.V1, "bootbank", "vmlinuz", temp));
        Assert.Contains("signature 2", list.Output, StringComparison.Ordinal);
        Assert.Contains("Debian", list.Output, StringComparison.Ordinal);

        var verify = CliRun.Of("verify", builds.V1, "--cert", pem);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("ok     bootbank:/manifest.txt against its signature /manifest.p7s", verify.Output, StringComparison.Ordinal);
        Assert.Contains("ok     bootbank:/vmlinuz (linux 6.1.192-3) Authenticode", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sboms_validate_and_name_xen_the_kernel_and_busybox_with_their_package_urls()
    {
        var spdx = builds.V1 + ".spdx.json";
        var cdx = builds.V1 + ".cdx.json";
        var spdxCheck = Judges.ValidateSpdx(spdx);
        Assert.True(spdxCheck.ExitCode == 0, spdxCheck.All);
        var cdxCheck = Judges.ValidateCycloneDx(cdx);
        Assert.True(cdxCheck.ExitCode == 0, cdxCheck.All);

        using var spdxDocument = JsonDocument.Parse(File.ReadAllText(spdx));
        var purls = spdxDocument.RootElement.GetProperty("packages").EnumerateArray()
            .Where(p => p.TryGetProperty("externalRefs", out _))
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("externalRefs")[0].GetProperty("referenceLocator").GetString());
        Assert.StartsWith("pkg:deb/debian/xen-hypervisor-4.17-amd64@", purls["core"], StringComparison.Ordinal);
        Assert.Equal("pkg:deb/debian/linux-image-6.1.0-57-amd64@6.1.192-3?arch=amd64", purls["linux"]);
        Assert.StartsWith("pkg:deb/debian/busybox-static@", purls["dom0-rootfs"], StringComparison.Ordinal);
        using var cdxDocument = JsonDocument.Parse(File.ReadAllText(cdx));
        var cdxPurls = cdxDocument.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out _)).Select(c => c.GetProperty("purl").GetString()).ToList();
        Assert.Equal(purls.Values.Order(StringComparer.Ordinal), cdxPurls.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Boots_xen_with_its_linux_dom0_which_reads_the_pcr_that_pcr_predicts_from_the_tpm()
    {
        var pcr = CliRun.Of("pcr", builds.V1, "--bank", "bootbank", "--json");
        Assert.True(pcr.ExitCode == 0, pcr.Error);
        using var predicted = JsonDocument.Parse(pcr.Output);

        var boot = XenBuilds.Boot(builds.V1, "--tpm");

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR DOM0 hypervisor=xen kernel=6.1.0-57-amd64 bank=bootbank version=1.0.0 serial=none", boot.Output, StringComparison.Ordinal);
        Assert.Contains($"THINVISOR PCR 15 sha256={predicted.RootElement.GetProperty("banks")[0].GetProperty("value").GetString()}", boot.Output, StringComparison.Ordinal);
        Assert.Contains("THINVISOR READY", boot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_alone_as_the_core_boots_with_its_command_line()
    {
        var boot = XenBuilds.Boot(builds.Linux);

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR DOM0 hypervisor=none kernel=6.1.0-57-amd64 bank=bootbank version=1.0.0", boot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Provisioned_key_boots_with_its_serial_and_a_changed_kernel_byte_fails_verify()
    {
        using var temp = new TempFolder();
        using var key = LoopDevice.Create(temp.File("key.img"), 4L << 30);
        var provision = CliRun.Of("provision", builds.V1, "--cert", XenBuilds.Certificate, "--log", temp.File("factory.db"), "--device", key.Path, "--allow-fixed", key.Path, "--serial", "XEN-0001", "--yes");
        Assert.True(provision.ExitCode == 0, provision.Output + provision.Error);

        var boot = XenBuilds.Boot(key.Path);

        Assert.True(boot.ExitCode == 0, boot.Output + boot.Error);
        Assert.Contains("THINVISOR DOM0 hypervisor=xen kernel=6.1.0-57-amd64 bank=bootbank version=1.0.0 serial=XEN-0001", boot.Output, StringComparison.Ordinal);

        var (offset, _) = FileOffset(key.Path, "bootbank", "/vmlinuz");
        using (var device = new FileStream(key.Path, FileMode.Open, FileAccess.ReadWrite))
        {
            device.Position = offset + 4096;
            var value = device.ReadByte();
            device.Position = offset + 4096;
            device.WriteByte((byte)(value ^ 0xff));
        }

        var verify = CliRun.Of("verify", key.Path, "--cert", XenBuilds.Certificate);
        Assert.True(verify.ExitCode == 4, verify.Output + verify.Error);
        Assert.Contains("bootbank:/vmlinuz", verify.Output + verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_builds_are_the_same_bytes_and_reproduce_agrees()
    {
        using var temp = new TempFolder();
        var again = CliRun.Of("build", Path.Combine(CliRun.RepositoryRoot, XenBuilds.Recipe), "--out", temp.File("out"), "--cache", temp.File("cache"));
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        foreach (var suffix in new[] { string.Empty, ".p7s", ".bmap", ".spdx.json", ".cdx.json" })
        {
            Assert.True(File.ReadAllBytes(builds.V1 + suffix).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("out"), XenBuilds.Target, XenBuilds.ImageName + suffix))), XenBuilds.ImageName + suffix);
        }

        var reproduce = CliRun.Of("reproduce", Path.Combine(CliRun.RepositoryRoot, XenBuilds.Recipe));
        Assert.True(reproduce.ExitCode == 0, reproduce.Output + reproduce.Error);
    }

    /// <summary>The FAT partitions of an image: name, byte offset and size.</summary>
    public static IReadOnlyList<(string Name, long Offset, int Size)> Partitions(string image)
    {
        using var stream = File.OpenRead(image);
        var table = Disk.Partitions.PartitionTable.Read(stream);
        return table.Partitions.Select(p => (p.Name, p.Offset.Bytes, (int)p.Size.Bytes)).ToList();
    }

    /// <summary>Where a file's data starts on a disk, and its size.</summary>
    public static (long Offset, long Size) FileOffset(string disk, string partition, string path)
    {
        using var stream = DeviceStream.OpenRead(disk);
        var table = Disk.Partitions.PartitionTable.Read(stream);
        var info = table.Partitions.Single(p => p.Name == partition);
        var fs = Disk.Imaging.DiskInspector.Open(stream, info)!;
        var item = fs.Find(path)!;
        return (info.Offset.Bytes + fs.DataOffset(item.FirstCluster), item.Size);
    }

    private static string Extract(string image, string partition, string file, TempFolder temp)
    {
        var (_, offset, _) = Partitions(image).Single(p => p.Name == partition);
        var target = temp.File(partition + "-" + file);
        if (!File.Exists(target))
        {
            ExternalTool.Check("mcopy", "-n", "-i", $"{image}@@{offset}", "::/" + file, target);
        }

        return target;
    }
}
