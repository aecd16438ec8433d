using System.Globalization;
using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>Each target's SPDX and CycloneDX documents: valid by their official validators, and true to the image.</summary>
public sealed class SbomTests(ReleaseBuild build) : IClassFixture<ReleaseBuild>
{
    private string Spdx => build.Image + ".spdx.json";

    private string CycloneDx => build.Image + ".cdx.json";

    [Fact]
    public void The_SPDX_document_validates_against_the_SPDX_2_3_schema()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var result = Judges.ValidateSpdx(Spdx);
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact]
    public void The_CycloneDX_document_validates_strictly_as_CycloneDX_1_6()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var result = Judges.ValidateCycloneDx(CycloneDx);
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact]
    public void The_SPDX_document_names_the_image_its_components_their_files_and_dependencies()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var document = JsonNode.Parse(File.ReadAllText(Spdx))!;
        var imageSha = Sha256Sum(build.Image);
        var packages = document["packages"]!.AsArray().Select(p => p!).ToList();
        var image = packages.Single(p => p["SPDXID"]!.GetValue<string>() == "SPDXRef-Image");
        Assert.Equal("FIRMWARE", image["primaryPackagePurpose"]!.GetValue<string>());
        Assert.Equal(imageSha, image["checksums"]!.AsArray().Single(c => c!["algorithm"]!.GetValue<string>() == "SHA256")!["checksumValue"]!.GetValue<string>());
        Assert.EndsWith("/sha256/" + imageSha, document["documentNamespace"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2026-01-01T00:00:00Z", document["creationInfo"]!["created"]!.GetValue<string>());

        var names = packages.Select(p => p["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["thinvisor", "loader", "core", "ahci", "e1000", "xhci", "ipmi-kcs", "hp-amsd", "hp-ilo-ipmi", "hello"], names);
        var amsd = packages.Single(p => p["name"]!.GetValue<string>() == "hp-amsd");
        Assert.Equal("Organization: Hewlett-Packard", amsd["supplier"]!.GetValue<string>());
        Assert.Equal("11.4.0", amsd["versionInfo"]!.GetValue<string>());
        Assert.Equal("NOASSERTION", amsd["downloadLocation"]!.GetValue<string>());

        var relationships = document["relationships"]!.AsArray()
            .Select(r => (r!["spdxElementId"]!.GetValue<string>(), r["relationshipType"]!.GetValue<string>(), r["relatedSpdxElement"]!.GetValue<string>()))
            .ToList();
        Assert.Contains(("SPDXRef-Package-hp-amsd", "DEPENDS_ON", "SPDXRef-Package-hp-ilo-ipmi"), relationships);
        foreach (var package in packages.Skip(1))
        {
            Assert.Contains(("SPDXRef-Image", "CONTAINS", package["SPDXID"]!.GetValue<string>()), relationships);
        }

        // Every file's SHA-256 is that of the file mtools reads out of the image.
        var files = document["files"]!.AsArray().Select(f => f!).ToList();
        Assert.Contains(files, f => f["fileName"]!.GetValue<string>() == "./bootbank/hp-amsd.efi");
        Assert.Contains(files, f => f["fileName"]!.GetValue<string>() == "./esp/EFI/BOOT/BOOTX64.EFI");
        var offsets = PartitionOffsets(build.Image);
        foreach (var file in files)
        {
            var name = file["fileName"]!.GetValue<string>();
            var slash = name.IndexOf('/', 2);
            var partition = name[2..slash];
            var copy = build.Temp.File("mcopy-" + Path.GetFileName(name));
            File.Delete(copy);
            var read = ExternalTool.Run("mcopy", ["-n", "-i", $"{build.Image}@@{offsets[partition]}", "::" + name[slash..], copy], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
            Assert.True(read.ExitCode == 0, read.All);
            var sha = file["checksums"]!.AsArray().Single(c => c!["algorithm"]!.GetValue<string>() == "SHA256")!["checksumValue"]!.GetValue<string>();
            Assert.Equal(Sha256Sum(copy), sha);
        }
    }

    [Fact]
    public void The_CycloneDX_document_lists_firmware_components_with_hashes_and_their_dependencies()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var document = JsonNode.Parse(File.ReadAllText(CycloneDx))!;
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", document["serialNumber"]!.GetValue<string>());
        var spdx = JsonNode.Parse(File.ReadAllText(Spdx))!;
        var image = document["metadata"]!["component"]!;
        Assert.Equal(Sha256Sum(build.Image), image["hashes"]![0]!["content"]!.GetValue<string>());
        var components = document["components"]!.AsArray().Select(c => c!).ToList();
        Assert.All(components, c => Assert.Equal("firmware", c["type"]!.GetValue<string>()));
        foreach (var component in components)
        {
            var name = component["name"]!.GetValue<string>();
            var package = spdx["packages"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!;
            Assert.Equal(package["checksums"]![0]!["checksumValue"]!.GetValue<string>(), component["hashes"]![0]!["content"]!.GetValue<string>());
        }

        var amsd = document["dependencies"]!.AsArray().Single(d => d!["ref"]!.GetValue<string>() == "component:hp-amsd")!;
        Assert.Equal(["component:hp-ilo-ipmi"], amsd["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
        var top = document["dependencies"]!.AsArray().Single(d => d!["ref"]!.GetValue<string>() == "image")!;
        Assert.Equal(components.Count, top["dependsOn"]!.AsArray().Count);
    }

    [Fact]
    public void The_SBOMs_carry_no_path_of_the_build_machine()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        foreach (var file in new[] { Spdx, CycloneDx })
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(build.Root, text, StringComparison.Ordinal);
            Assert.DoesNotContain(CliRun.RepositoryRoot, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Environment.MachineName, text, StringComparison.Ordinal);
        }
    }

    internal static string Sha256Sum(string file) => ExternalTool.Check("sha256sum", file).Output.Split(' ')[0];

    /// <summary>Each partition's byte offset by name, as sfdisk reads the partition table.</summary>
    internal static Dictionary<string, long> PartitionOffsets(string image)
    {
        var table = JsonNode.Parse(ExternalTool.Check("sfdisk", "--json", image).Output)!["partitiontable"]!;
        var sector = table["sectorsize"]?.GetValue<long>() ?? 512;
        return table["partitions"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["start"]!.GetValue<long>() * sector);
    }
}
