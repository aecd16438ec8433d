using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>
/// A depot package whose prebuilt module its vendor signed (with sbsign, under a certificate openssl made):
/// kept as signed when the signature holds against the certificate the package names, refused otherwise.
/// </summary>
public sealed class VendorSignedModuleTests(VendorSignedModuleTests.Project project) : IClassFixture<VendorSignedModuleTests.Project>
{
    [Fact]
    public void Module_that_verifies_is_kept_as_its_vendor_signed_it_at_every_path_its_package_installs()
    {
        var images = project.Build("good", "raid-vendor.efi", "vendor.pem", installs: "[/raid.efi, /legacy/raid.efi]", out var run);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        var image = Path.Combine(images, "good", "demo-1.0.0-good.img");
        var signed = File.ReadAllBytes(project.Temp.File("depot/raid-vendor.efi"));
        foreach (var path in new[] { "bootbank:/raid.efi", "bootbank:/legacy/raid.efi" })
        {
            var module = project.Extract(image, path);
            Assert.Equal(signed, File.ReadAllBytes(module));
            var vendor = ExternalTool.Run("sbverify", "--cert", project.Temp.File("depot/vendor.pem"), module);
            Assert.True(vendor.ExitCode == 0 && vendor.All.Contains("Signature verification OK", StringComparison.Ordinal), vendor.All);
            Assert.NotEqual(0, ExternalTool.Run("sbverify", "--cert", project.DevCertificate, module).ExitCode);
        }

        // boot.cfg loads the module once, from its first path; the manifest covers both copies.
        var bootConfig = File.ReadAllText(project.Extract(image, "bootbank:/boot.cfg"));
        Assert.Contains("modules=raid.efi\n", bootConfig, StringComparison.Ordinal);
        var manifestText = File.ReadAllText(project.Extract(image, "bootbank:/manifest.txt"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(signed));
        Assert.Contains($"module=raid.efi raid 1.0.0 {hash} -\n", manifestText, StringComparison.Ordinal);
        Assert.Contains($"module=legacy/raid.efi raid 1.0.0 {hash} -\n", manifestText, StringComparison.Ordinal);

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(images, "good", "manifest.json")))!;
        var components = manifest["components"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        Assert.Equal("CN=Raid Vendor Driver Signing", (string)components["raid"]["authenticode"]!["signer"]!);
        Assert.False((bool)components["raid"]["authenticode"]!["byBuild"]!);
        Assert.Equal(["/raid.efi", "/legacy/raid.efi"], components["raid"]["installs"]!.AsArray().Select(p => (string)p!));
        Assert.True((bool)components["core"]["authenticode"]!["byBuild"]!);
        Assert.Equal((string)manifest["signature"]!["certificateSubject"]!, (string)components["core"]["authenticode"]!["signer"]!);

        var verify = CliRun.Of("verify", image, "--cert", project.DevCertificate);
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.Output + verify.Error);
        Assert.Contains("bootbank:/legacy/raid.efi (raid 1.0.0) Authenticode (signed by its vendor, CN=Raid Vendor Driver Signing", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_signed_by_another_key_than_its_package_names_is_refused_with_exit_4()
    {
        var images = project.Build("other", "raid-other.efi", "vendor.pem", installs: null, out var run);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("error FS5006: other: driver 'raid' (", run.Error, StringComparison.Ordinal);
        Assert.Contains("raid-other.efi): its vendor signature does not verify against ", run.Error, StringComparison.Ordinal);
        Assert.Contains("vendor.pem (CN=Raid Vendor Driver Signing): it was signed by another certificate than CN=Raid Vendor Driver Signing", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("this is a bug", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(images, "other")));

        // The judge agrees: the module does not verify against the vendor's certificate.
        Assert.NotEqual(0, ExternalTool.Run("sbverify", "--cert", project.Temp.File("depot/vendor.pem"), project.Temp.File("depot/raid-other.efi")).ExitCode);
    }

    [Fact]
    public void Signed_module_whose_package_names_no_certificate_is_refused_with_exit_2()
    {
        var images = project.Build("unnamed", "raid-vendor.efi", null, installs: null, out var run);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("error FS3005: unnamed: driver 'raid' (", run.Error, StringComparison.Ordinal);
        Assert.Contains("raid-vendor.efi) is signed, but ", run.Error, StringComparison.Ordinal);
        Assert.Contains("package.yaml names no 'certificate' to check that signature against", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(images, "unnamed")));
    }

    /// <summary>The firmware sources, an unsigned prebuilt driver, and that driver signed by a vendor key and by another key.</summary>
    public sealed class Project : IDisposable
    {
        public Project()
        {
            Temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
            Directory.CreateDirectory(Temp.File("recipes"));
            Directory.CreateDirectory(Temp.File("depot"));
            ExternalTool.Check("clang", [.. Toolchain.CompileFlags, "-c", Temp.File("src/firmware/drivers/ahci/ahci.c"), "-o", Temp.File("depot/raid.obj")]);
            ExternalTool.Check("lld-link", [.. Toolchain.LinkArguments(ImageKind.BootServiceDriver, [Temp.File("depot/raid.obj")], Temp.File("depot/raid.efi"))]);
            foreach (var (key, subject, output) in new[] { ("vendor", "/CN=Raid Vendor Driver Signing", "raid-vendor.efi"), ("other", "/CN=Someone Else", "raid-other.efi") })
            {
                ExternalTool.Check("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650", "-subj", subject,
                    "-keyout", Temp.File($"depot/{key}.key"), "-out", Temp.File($"depot/{key}.pem"));
                ExternalTool.Check("sbsign", "--key", Temp.File($"depot/{key}.key"), "--cert", Temp.File($"depot/{key}.pem"), "--output", Temp.File($"depot/{output}"), Temp.File("depot/raid.efi"));
            }
        }

        public TempFolder Temp { get; } = new();

        public string DevCertificate => Temp.File(".flashsmith/keys/dev/cert.pem");

        /// <summary>Builds target <paramref name="name"/> (its recipe's name), which takes package 'raid' from depot <paramref name="name"/>, whose module is <paramref name="module"/>; gives the output folder.</summary>
        public string Build(string name, string module, string? certificate, string? installs, out CliRun run)
        {
            var depot = Temp.File($"depots/{name}/raid");
            Directory.CreateDirectory(depot);
            File.Copy(Temp.File($"depot/{module}"), Path.Combine(depot, module));
            if (certificate is not null)
            {
                File.Copy(Temp.File($"depot/{certificate}"), Path.Combine(depot, certificate));
            }

            var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(depot, module))));
            File.WriteAllText(Path.Combine(depot, "package.yaml"), $"""
                name: raid
                version: 1.0.0
                vendor: Raid Vendor
                module: {module}
                sha256: {sha256}
                {(certificate is null ? string.Empty : $"certificate: {certificate}")}
                {(installs is null ? string.Empty : $"installs: {installs}")}
                """);
            var recipe = Temp.File($"recipes/{name}.yaml");
            File.WriteAllText(recipe, $"""
                product:
                  name: demo
                  version: 1.0.0
                core:
                  sources: ../src/firmware/core
                depot: ../depots/{name}
                packages: [raid]
                """);
            var images = Temp.File($"images-{name}");
            run = CliRun.Of("build", recipe, "--out", images, "--cache", Temp.File("cache"));
            return images;
        }

        public string Extract(string image, string source)
        {
            var folder = Temp.File("extracted");
            var run = CliRun.Of("extract", image, source, "-o", folder, "--force");
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
            return Path.Combine(folder, Path.GetFileName(source.Split(':')[1]));
        }

        public void Dispose() => Temp.Dispose();
    }
}
