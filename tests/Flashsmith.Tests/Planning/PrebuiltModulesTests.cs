using System.Security.Cryptography;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Tests.Signing;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Planning;

/// <summary>
/// Planning reads every prebuilt core and file: a core must be an x86-64 EFI application (FS3006), and a core or file
/// must have the SHA-256 its recipe pins (FS3001); each problem is reported at the pin.
/// </summary>
[Collection(SignedSamplesCollection.Name)]
public sealed class PrebuiltModulesTests(SignedSamples samples) : IDisposable
{
    private readonly RecipeWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Tiny_efi_application_is_taken_as_the_core()
    {
        var plan = Plan(Core(samples.App));

        var core = plan.Components.Single(c => c.Kind == ComponentKind.Core);
        Assert.Equal(Path.Combine(workspace.Root, "payload", "core.efi"), core.PrebuiltFile);
        Assert.Null(core.SourceFolder);
        Assert.Equal("bootbank:/core.efi", $"{core.Partition}:{core.PathInPartition}");
        Assert.Equal("the hypervisor core, prebuilt", core.Reason);
    }

    [Fact]
    public void Application_its_vendor_signed_is_taken_as_the_core()
    {
        var plan = Plan(Core(samples.VendorSigned));

        Assert.Equal(Sha(samples.VendorSigned), plan.Components.Single(c => c.Kind == ComponentKind.Core).Sha256);
    }

    [Fact]
    public void Text_file_as_the_core_is_not_an_efi_application()
    {
        var problems = Problems(Core("console=com1\n"u8.ToArray()));

        Assert.Equal([$"6:11: FS3006: the core {Rel("payload/core.efi")} is not an x86-64 EFI application: the file is not a PE image: the file does not start with an MZ header"], problems);
    }

    [Fact]
    public void Elf_program_as_the_core_is_not_an_efi_application()
    {
        var problems = Problems(Core(File.ReadAllBytes("/bin/true")));

        Assert.Equal([$"6:11: FS3006: the core {Rel("payload/core.efi")} is not an x86-64 EFI application: the file is not a PE image: the file does not start with an MZ header"], problems);
    }

    [Fact]
    public void Boot_service_driver_as_the_core_is_not_an_efi_application()
    {
        var problems = Problems(Core(samples.Driver));

        Assert.Equal([$"6:11: FS3006: the core {Rel("payload/core.efi")} is not an x86-64 EFI application: subsystem 11 (EFI boot service driver), not an EFI application"], problems);
    }

    [Fact]
    public void Arm64_efi_application_as_the_core_is_not_for_x86_64()
    {
        var source = workspace.WriteFile("arm64/app.c", "unsigned long long efi_main(void *image, void *table) { (void)image; (void)table; return 0; }\n"u8.ToArray());
        var obj = Path.Combine(workspace.Root, "arm64", "app.obj");
        var efi = Path.Combine(workspace.Root, "arm64", "app.efi");
        ExternalTool.Check("clang", ["-target", "aarch64-unknown-windows", .. Toolchain.CompileFlags.Where(f => f is not ("-target" or "x86_64-unknown-windows" or "-mno-red-zone" or "-mno-stack-arg-probe")), "-c", source, "-o", obj]);
        ExternalTool.Check("lld-link", [.. Toolchain.LinkArguments(ImageKind.Application, [obj], efi)]);

        var problems = Problems(Core(File.ReadAllBytes(efi)));

        Assert.Equal([$"6:11: FS3006: the core {Rel("payload/core.efi")} is not an x86-64 EFI application: machine 0xaa64 (ARM64), not x86-64"], problems);
    }

    [Fact]
    public void Core_that_differs_from_its_pin_is_a_mismatch_at_the_pin()
    {
        var wrong = Sha([1, 2, 3]);

        var problems = Problems(Core(samples.App, pin: wrong));

        Assert.Equal([$"6:11: FS3001: the core: {Rel("payload/core.efi")} has SHA-256 {Sha(samples.App)}, but the recipe pins {wrong}"], problems);
    }

    [Fact]
    public void Core_that_differs_from_its_pin_is_not_also_judged_as_an_application()
    {
        var wrong = Sha([1, 2, 3]);

        var problems = Problems(Core("not a program"u8.ToArray(), pin: wrong));

        Assert.Equal([$"6:11: FS3001: the core: {Rel("payload/core.efi")} has SHA-256 {Sha("not a program"u8.ToArray())}, but the recipe pins {wrong}"], problems);
    }

    [Fact]
    public void File_that_differs_from_its_pin_is_a_mismatch_at_the_pin_and_any_bytes_may_be_a_file()
    {
        var kernel = workspace.WriteFile("payload/vmlinuz", samples.Driver);
        var wrong = Sha(samples.App);

        var problems = Problems(Core(samples.App) + $$"""
            files:
              - {name: notes, version: 1, to: /notes.txt, from: ../payload/notes.txt, sha256: {{Sha("notes\n"u8.ToArray())}}}
              - name: kernel
                version: 6.1.0
                to: /vmlinuz
                from: ../payload/vmlinuz
                sha256: {{wrong}}
            """, files: true);

        Assert.Equal([$"14:13: FS3001: file 'kernel': {ProjectFolder.Display(kernel)} has SHA-256 {Sha(samples.Driver)}, but the recipe pins {wrong}"], problems);
    }

    [Fact]
    public void Every_prebuilt_problem_is_reported_at_once()
    {
        workspace.WriteFile("payload/vmlinuz", samples.App);

        var problems = Problems(Core(samples.Driver) + $$"""
            files:
              - {name: kernel, version: 1, to: /vmlinuz, from: ../payload/vmlinuz, sha256: {{Sha([0])}}}
            """, files: true);

        Assert.Equal(
            [
                $"6:11: FS3006: the core {Rel("payload/core.efi")} is not an x86-64 EFI application: subsystem 11 (EFI boot service driver), not an EFI application",
                $"9:80: FS3001: file 'kernel': {Rel("payload/vmlinuz")} has SHA-256 {Sha(samples.App)}, but the recipe pins {Sha([0])}",
            ],
            problems);
    }

    /// <summary>A recipe whose core is <paramref name="core"/>, pinned by <paramref name="pin"/> (else its real SHA-256) on line 6.</summary>
    private string Core(byte[] core, string? pin = null)
    {
        workspace.WriteFile("payload/core.efi", core);
        return $"""
            product:
              name: demo
              version: 1.0.0
            core:
              prebuilt: ../payload/core.efi
              sha256: {pin ?? Sha(core)}
              loader: ../firmware/loader

            """;
    }

    private BuildPlan Plan(string recipe)
    {
        workspace.Write("demo.yaml", recipe);
        return BuildPlanner.Plan(workspace.Load("demo.yaml"), BuildSettings.None);
    }

    private IReadOnlyList<string> Problems(string recipe, bool files = false)
    {
        if (files)
        {
            workspace.WriteFile("payload/notes.txt", "notes\n"u8.ToArray());
        }

        workspace.Write("demo.yaml", recipe);
        var loaded = workspace.Load("demo.yaml");
        return RecipeWorkspace.Coded(Assert.Throws<BadInputException>(() => BuildPlanner.Plan(loaded, BuildSettings.None)));
    }

    private string Rel(string relative) => ProjectFolder.Display(Path.Combine(workspace.Root, relative));

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
