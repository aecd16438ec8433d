using System.Text.Json;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Banks;

/// <summary>
/// A foreign core, as Xen or a Linux EFI stub: a small test program (<c>tests/firmware/foreign</c>) copied into the
/// bootbank of a built image with mtools and named by <c>kernel=</c>. The loader starts it from a device path into the
/// bank, so it finds its own file there, with <c>kernelopt=</c> as its load options; when it returns, the bank falls back.
/// </summary>
public sealed class ForeignCoreTests(SampleBuild build) : IClassFixture<SampleBuild>
{
    private static readonly string[] ReturnedAndNoneLeft = ["THINVISOR FALLBACK from=bootbank reason=core-returned", "THINVISOR HALT reason=no-bootable-bank"];

    [Fact]
    public void Kernelopt_is_the_load_options_as_UCS2_with_one_NUL_and_the_file_path_names_the_core_on_its_bank()
    {
        const string options = @"initrd=\initrd.gz console=ttyS0 xen-opt=a,b ""quoted"" ~!";

        var boot = BootWith("with-options", "foreign.efi", "kernelopt=" + options);

        Assert.Equal(
            [
                $"FOREIGN options=[{options}] size={(options.Length + 1) * 2} nul=end",
                @"FOREIGN file=\foreign.efi opens=yes",
                "FOREIGN handoff=bootbank",
            ],
            boot.Lines("FOREIGN "));
        Assert.Equal(ReturnedAndNoneLeft, boot.Lines("THINVISOR "));
    }

    [Theory]
    [InlineData("no-kernelopt", null)]
    [InlineData("empty-kernelopt", "kernelopt=")]
    public void No_or_an_empty_kernelopt_is_no_load_options(string name, string? line)
    {
        var boot = BootWith(name, "/cores/foreign.efi", line);

        Assert.Equal(["FOREIGN options=(null) size=0 nul=-", @"FOREIGN file=\cores\foreign.efi opens=yes", "FOREIGN handoff=bootbank"], boot.Lines("FOREIGN "));
        Assert.Equal(ReturnedAndNoneLeft, boot.Lines("THINVISOR "));
    }

    [Theory]
    [InlineData("missing-core", "kernel=cores/absent.efi", "core-missing")]
    [InlineData("long-kernelopt", "kernelopt=", "kernelopt-too-long")]
    [InlineData("tab-in-kernelopt", "kernelopt=console=ttyS0\tquiet", "kernelopt-not-ascii")]
    public void Bank_whose_core_cannot_start_falls_back_with_why(string name, string line, string reason)
    {
        // 1025 characters: one more than the loader passes on.
        var boot = BootWith(name, "/cores/foreign.efi", reason == "kernelopt-too-long" ? line + new string('x', 1025) : line);

        Assert.Empty(boot.Lines("FOREIGN "));
        Assert.Equal([$"THINVISOR FALLBACK from=bootbank reason={reason}", "THINVISOR HALT reason=no-bootable-bank"], boot.Lines("THINVISOR "));
    }

    [Fact]
    public void Kernelopt_of_1024_characters_is_passed_whole()
    {
        var options = new string('y', 1024);

        var boot = BootWith("longest-kernelopt", "foreign.efi", "kernelopt=" + options);

        Assert.Equal($"FOREIGN options=[{options}] size=2050 nul=end", boot.Lines("FOREIGN ")[0]);
    }

    /// <summary>
    /// Boots a copy of the built image whose bootbank holds the foreign core at <paramref name="kernel"/> and names it
    /// in boot.cfg's kernel= line; <paramref name="extra"/> follows that line (a kernel= in it wins: the first counts).
    /// </summary>
    private QemuBoot.Result BootWith(string name, string kernel, string? extra)
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var image = build.Temp.File(name + ".img");
        File.Copy(build.Image, image, overwrite: true);
        var bank = $"{image}@@{BankOffset(image)}";
        var target = "::" + kernel.TrimStart('/');
        if (target.LastIndexOf('/') > 2)
        {
            ExternalTool.Check("mmd", "-i", bank, target[..target.LastIndexOf('/')]);
        }

        ExternalTool.Check("mcopy", "-i", bank, Program(), target);
        var lines = ExternalTool.Check("mtype", "-i", bank, "::boot.cfg").Output.Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith("kernel=", StringComparison.Ordinal));
        Assert.True(at >= 0, string.Join('\n', lines));
        lines[at] = "kernel=" + kernel;
        if (extra is not null)
        {
            lines.Insert(at, extra);
        }

        var config = build.Temp.File(name + "-boot.cfg");
        File.WriteAllText(config, string.Join('\n', lines));
        ExternalTool.Check("mcopy", "-o", "-i", bank, config, "::boot.cfg");
        var boot = QemuBoot.BootDisk(image);
        Assert.False(boot.TimedOut, boot.Console);
        return boot;
    }

    /// <summary>The foreign core, compiled and linked as the build makes a UEFI application.</summary>
    private string Program()
    {
        var program = build.Temp.File("foreign.efi");
        if (!File.Exists(program))
        {
            var source = Path.Combine(CliRun.RepositoryRoot, "tests", "firmware", "foreign", "foreign.c");
            var obj = build.Temp.File("foreign.obj");
            ExternalTool.Check("clang", [.. Toolchains.Toolchain.CompileFlags, "-c", source, "-o", obj]);
            ExternalTool.Check("lld-link", [.. Toolchains.Toolchain.LinkArguments(Toolchains.ImageKind.Application, [obj], program)]);
        }

        return program;
    }

    /// <summary>The byte offset of the second partition, named bootbank, as sfdisk reads the table.</summary>
    private static long BankOffset(string image)
    {
        using var json = JsonDocument.Parse(ExternalTool.Check("sfdisk", "--json", image).Output);
        var table = json.RootElement.GetProperty("partitiontable");
        var bank = table.GetProperty("partitions")[1];
        Assert.Equal("bootbank", bank.GetProperty("name").GetString());
        var sector = table.TryGetProperty("sectorsize", out var size) ? size.GetInt64() : 512;
        return bank.GetProperty("start").GetInt64() * sector;
    }
}
