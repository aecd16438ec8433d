using System.Diagnostics;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>Builds that must fail cleanly: bad sources, a wrong pin, a missing compiler, an interruption.</summary>
public sealed class BuildFailureTests : IDisposable
{
    private readonly TempFolder temp = new();

    public BuildFailureTests()
    {
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
        Directory.CreateDirectory(temp.File("recipes/oem"));
        Directory.CreateDirectory(temp.File("depot"));
        // A prebuilt module: a real, unsigned UEFI driver, as a vendor's depot would hold.
        ExternalTool.Check("clang", [.. Toolchain.CompileFlags, "-c", temp.File("src/firmware/drivers/ahci/ahci.c"), "-o", temp.File("depot/raid.obj")]);
        ExternalTool.Check("lld-link", [.. Toolchain.LinkArguments(ImageKind.BootServiceDriver, [temp.File("depot/raid.obj")], temp.File("depot/raid.efi"))]);
        File.WriteAllBytes(temp.File("depot/junk.efi"), [0x4d, 0x5a, 1, 2, 3]);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Compile_error_shows_the_compiler_lines_with_file_and_line_and_exits_2()
    {
        File.AppendAllText(temp.File("src/firmware/drivers/e1000/e1000.c"), "\nint broken = ;\n");
        var recipe = Recipe("  - {name: e1000, version: 1.0, pci: [\"8086:100e\"], sources: ../src/firmware/drivers/e1000}");

        var run = CliRun.Of("build", recipe, "--out", temp.File("images"), "--cache", temp.File("cache"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Matches(@"src/firmware/drivers/e1000/e1000\.c:\d+:\d+: error: expected expression", run.Error);
        Assert.EndsWith("error FS4003: compiling src/firmware/drivers/e1000/e1000.c failed\n", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("images/demo")));
    }

    [Fact]
    public void Prebuilt_module_with_the_wrong_hash_is_refused()
    {
        var recipe = Recipe("  - {name: raid, version: 1.0, prebuilt: ../depot/raid.efi, sha256: " + new string('0', 64) + "}");

        var run = CliRun.Of("build", recipe, "--out", temp.File("images"), "--cache", temp.File("cache"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("driver 'raid': ", run.Error, StringComparison.Ordinal);
        Assert.Contains("depot/raid.efi has SHA-256 ", run.Error, StringComparison.Ordinal);
        Assert.Contains($", but the recipe pins {new string('0', 64)}", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("images/demo")));
    }

    [Fact]
    public void Prebuilt_module_with_the_right_hash_goes_into_the_boot_bank()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(temp.File("depot/raid.efi"))));
        var recipe = Recipe($"  - {{name: raid, version: 1.0, prebuilt: ../depot/raid.efi, sha256: {hash}}}");

        var run = CliRun.Of("build", recipe, "--out", temp.File("images"), "--cache", temp.File("cache"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var image = temp.File("images/demo/demo-1.0.0-demo.img");
        var inspect = CliRun.Of("inspect", image);
        Assert.Contains("raid.efi ", inspect.Output, StringComparison.Ordinal);
        var verify = CliRun.Of("verify", image, "--cert", Path.Combine(temp.Path, ".flashsmith", "keys", "dev", "cert.pem"));
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.Output + verify.Error);
    }

    [Fact]
    public void Prebuilt_module_that_is_not_a_pe_image_is_refused()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(temp.File("depot/junk.efi"))));
        var recipe = Recipe($"  - {{name: junk, version: 1.0, prebuilt: ../depot/junk.efi, sha256: {hash}}}");

        var run = CliRun.Of("build", recipe, "--out", temp.File("images"), "--cache", temp.File("cache"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS3004: demo: component 'junk' is not a PE/EFI image: the file does not start with an MZ header\n", run.Error);
    }

    [Fact]
    public void Missing_compiler_is_exit_2_with_the_install_command()
    {
        var recipe = Recipe(string.Empty);

        var run = RunProcess(["build", recipe, "--out", temp.File("images"), "--cache", temp.File("cache")], path: "/nonexistent");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("error FS4002: the clang-uefi-x64 toolchain needs clang and lld-link, which are not installed; install with: sudo apt-get install clang lld\n", run.Error);
    }

    [Fact]
    public void Interrupted_build_exits_130_and_leaves_no_output()
    {
        var recipe = Recipe("  - {name: e1000, version: 1.0, sources: ../src/firmware/drivers/e1000}");
        // A compiler that takes its time, so the interruption surely lands while it runs.
        Directory.CreateDirectory(temp.File("bin"));
        File.WriteAllText(temp.File("bin/clang"), "#!/bin/sh\nsleep 1\nexec /usr/bin/clang \"$@\"\n");
        ExternalTool.Check("chmod", "+x", temp.File("bin/clang"));
        File.CreateSymbolicLink(temp.File("bin/lld-link"), "/usr/bin/lld-link");
        var compiling = new ManualResetEventSlim();
        var path = $"{temp.File("bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        var start = Start(["build", recipe, "--out", temp.File("images"), "--cache", temp.File("cache"), "--jobs", "1"], path, line =>
        {
            if (line.StartsWith("compile:", StringComparison.Ordinal))
            {
                compiling.Set();
            }
        });
        Assert.True(compiling.Wait(TimeSpan.FromSeconds(30)), "the build never reached the compile stage");

        ExternalTool.Check("kill", "-INT", start.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(start.WaitForExit(TimeSpan.FromSeconds(30)), "the build did not stop");

        Assert.Equal(ExitCodes.Interrupted, start.ExitCode);
        Assert.False(Directory.Exists(temp.File("images/demo")));
        Assert.Empty(Directory.Exists(temp.File(".flashsmith/staging")) ? Directory.EnumerateFileSystemEntries(temp.File(".flashsmith/staging")) : []);
    }

    private string Recipe(string drivers)
    {
        var text = $"""
            product:
              name: demo
              version: 1.0.0
            core:
              sources: ../src/firmware/core
            drivers:
            {drivers}
            """;
        if (drivers.Length == 0)
        {
            text = text.Replace("drivers:\n", string.Empty, StringComparison.Ordinal);
        }

        var path = temp.File("recipes/demo.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static Process Start(IEnumerable<string> arguments, string path, Action<string> onOutput)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PATH"] = path;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ExternalTool.Result RunProcess(IEnumerable<string> arguments, string path)
    {
        var dotnet = Environment.ProcessPath!;
        return ExternalTool.Run(dotnet, [Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"), .. arguments], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["PATH"] = path });
    }
}
