using System.Security.Cryptography;
using System.Text;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// Guests under the core's SVM: one that reads past its memory is stopped by a nested page fault and the
/// next guest still runs; a CPU without SVM, or without nested paging, skips them; and their compile inputs (assembly, include folders,
/// defines, the linker script) rebuild exactly what uses them.
/// </summary>
public sealed class GuestTests(GuestTests.TwoGuests build) : IClassFixture<GuestTests.TwoGuests>
{
    /// <summary>A product with no drivers and two guests from the hello sources: "reader" reads 2 MiB, past its 256 KiB, then "hello".</summary>
    public sealed class TwoGuests : IDisposable
    {
        public TwoGuests()
        {
            Temp = Project("two", """
                product: {name: two, version: 1.0.0}
                core: {sources: ../src/firmware/core}
                guests:
                  - {name: reader, version: 1.0.0, sources: ../src/firmware/guests/hello, memory: 256KiB, defines: ["HELLO_READ_AT=0x200000"]}
                  - {name: hello, version: 1.0.0, sources: ../src/firmware/guests/hello}
                """);
            Run = CliRun.Of("build", Temp.File("recipes/two.yaml"), "--out", Temp.File("images"), "--cache", Temp.File("cache"));
        }

        public TempFolder Temp { get; }

        public CliRun Run { get; }

        public string Image => Temp.File("images/two/two-1.0.0-two.img");

        public void Dispose() => Temp.Dispose();
    }

    [Fact]
    public void Guest_reading_past_its_memory_stops_on_a_nested_page_fault_and_the_next_guest_runs()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);

        var boot = QemuBoot.BootDisk(build.Image);

        var vm = boot.Lines("THINVISOR VM ");
        Assert.Equal(4, vm.Count);
        Assert.Equal("THINVISOR VM name=reader memory=256KiB npt=on", vm[0]);
        Assert.StartsWith("THINVISOR VM name=reader exit=npf gpa=0x00200000 exits=", vm[1], StringComparison.Ordinal);
        Assert.Equal("THINVISOR VM name=hello memory=1MiB npt=on", vm[2]);
        Assert.StartsWith("THINVISOR VM name=hello exit=halt exits=", vm[3], StringComparison.Ordinal);
        Assert.Equal(
            ["THINVISOR GUEST reader: Hello from reader", "THINVISOR GUEST reader: memory=262144"],
            boot.Lines("THINVISOR GUEST reader: ").Take(2));
        Assert.Equal("THINVISOR GUEST reader: reading 0x00200000", boot.Lines("THINVISOR GUEST reader: ")[^1]);
        AssertHashLine(boot, "reader", 262144);
        AssertHashLine(boot, "hello", 1048576);
        Assert.Equal(["THINVISOR READY drivers=0 guests=2"], boot.Lines("THINVISOR READY"));
    }

    [Theory]
    [InlineData("qemu64,-svm", "no-svm")]
    [InlineData("qemu64,+svm,-npt", "no-npt")]
    public void Cpu_without_svm_or_nested_paging_skips_every_guest_and_still_reaches_ready(string cpu, string reason)
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);

        var boot = QemuBoot.BootDisk(build.Image, "-cpu", cpu);

        Assert.Equal(
            [$"THINVISOR VM name=reader skipped reason={reason}", $"THINVISOR VM name=hello skipped reason={reason}"],
            boot.Lines("THINVISOR VM "));
        Assert.Empty(boot.Lines("THINVISOR GUEST "));
        Assert.Equal(["THINVISOR READY drivers=0 guests=2"], boot.Lines("THINVISOR READY"));
    }

    [Fact]
    public void Compile_inputs_rebuild_what_uses_them_and_nothing_else()
    {
        using var temp = Project("demo", """
            product: {name: demo, version: 1.0.0}
            core: {sources: ../src/firmware/core}
            drivers:
              - {name: e1000, version: 8.0.3, sources: ../src/firmware/drivers/e1000}
            guests:
              - {name: hello, version: 1.0.0, sources: ../src/firmware/guests/hello, include: [../src/extra], defines: [MARKER_STEP=2]}
            """);
        Directory.CreateDirectory(temp.File("src/extra"));
        File.WriteAllText(temp.File("src/extra/marker.h"), "#define MARKER_BASE 40\n");
        File.WriteAllText(temp.File("src/firmware/guests/hello/marker.c"), "#include \"marker.h\"\nint marker = MARKER_BASE + MARKER_STEP;\n");
        var recipe = temp.File("recipes/demo.yaml");
        var builds = 0;
        CliRun Build(string root = "")
        {
            var run = CliRun.Of("build", Path.Combine(root.Length == 0 ? temp.Path : root, "recipes/demo.yaml"), "--out", temp.File($"out-{++builds}"), "--cache", temp.File("cache"));
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
            return run;
        }

        // Loader 4 sources, core 8, e1000 1, hello 4 (entry.S, hello.c, marker.c, sha256.c).
        Assert.Contains("compiled 17 sources, linked 4 images, 0 objects", Build().Output, StringComparison.Ordinal);
        var first = File.ReadAllBytes(temp.File("out-1/demo/demo-1.0.0-demo.img"));
        Assert.Contains("compiled 0 sources, linked 0 images, 17 objects", Build().Output, StringComparison.Ordinal);

        File.AppendAllText(temp.File("src/firmware/guests/hello/entry.S"), "/* changed */\n");
        Assert.Contains("compiled 1 source, linked 1 image, 16 objects", Build().Output, StringComparison.Ordinal);

        File.WriteAllText(temp.File("src/extra/marker.h"), "#define MARKER_BASE 41\n");
        Assert.Contains("compiled 1 source, linked 1 image, 16 objects", Build().Output, StringComparison.Ordinal);

        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("MARKER_STEP=2", "MARKER_STEP=3", StringComparison.Ordinal));
        Assert.Contains("compiled 4 sources, linked 1 image, 13 objects", Build().Output, StringComparison.Ordinal);

        File.AppendAllText(temp.File("src/firmware/guests/hello/guest.ld"), "/* changed */\n");
        Assert.Contains("compiled 0 sources, linked 1 image, 17 objects", Build().Output, StringComparison.Ordinal);

        // The same inputs and key in another folder, with its own cache, give the same image.
        using var other = new TempFolder();
        foreach (var folder in new[] { "recipes", "src", Path.Combine(".flashsmith", "keys") })
        {
            other.CopyIn(temp.File(folder), folder);
        }

        var there = CliRun.Of("build", other.File("recipes/demo.yaml"), "--out", other.File("out"), "--cache", other.File("cache"));
        Assert.True(there.ExitCode == ExitCodes.Success, there.Error);
        Assert.Equal(File.ReadAllBytes(temp.File($"out-{builds}/demo/demo-1.0.0-demo.img")), File.ReadAllBytes(other.File("out/demo/demo-1.0.0-demo.img")));
        Assert.NotEqual(first, File.ReadAllBytes(other.File("out/demo/demo-1.0.0-demo.img")));
    }

    [Fact]
    public void Guest_without_a_linker_script_fails_naming_its_folder()
    {
        using var temp = Project("demo", """
            product: {name: demo, version: 1.0.0}
            core: {sources: ../src/firmware/core}
            guests:
              - {name: hello, version: 1.0.0, sources: ../src/firmware/guests/hello}
            """);
        File.Delete(temp.File("src/firmware/guests/hello/guest.ld"));

        var run = CliRun.Of("build", temp.File("recipes/demo.yaml"), "--out", temp.File("out"), "--cache", temp.File("cache"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("src/firmware/guests/hello holds no linker script (*.ld); a guest is linked by the one linker script at the top of its sources", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out/demo")));
    }

    /// <summary>A throw-away project: a copy of the sample firmware and recipes/NAME.yaml.</summary>
    private static TempFolder Project(string name, string recipe)
    {
        var temp = new TempFolder();
        temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), Path.Combine("src", "firmware"));
        Directory.CreateDirectory(temp.File("recipes"));
        File.WriteAllText(temp.File($"recipes/{name}.yaml"), recipe);
        return temp;
    }

    /// <summary>The guest's line <c>sha256("NAME memory=BYTES")=HEX</c>, checked against the hash computed here.</summary>
    internal static void AssertHashLine(QemuBoot.Result boot, string guest, long memory)
    {
        var text = $"{guest} memory={memory}";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
        Assert.Contains($"THINVISOR GUEST {guest}: sha256(\"{text}\")={expected}", boot.Lines($"THINVISOR GUEST {guest}: "));
    }
}
