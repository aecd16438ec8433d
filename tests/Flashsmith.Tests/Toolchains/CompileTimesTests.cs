using Flashsmith.Pipeline;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

/// <summary>The machine's record of compile times, and the compile order it gives: the longest compile first.</summary>
public sealed class CompileTimesTests : IDisposable
{
    private static readonly string Drivers = Path.Combine(RepositoryRoot.Path, "src", "firmware", "drivers");

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Times_are_kept_per_source_toolchain_and_flags_and_damaged_lines_are_skipped()
    {
        var folder = temp.File("machine");
        var source = Path.Combine(Drivers, "ahci", "ahci.c");
        var key = CompileTimes.Key(ToolchainLocator.ClangUefiX64, ["-O2"], source);
        var empty = CompileTimes.Load(folder);
        empty.Record(key, TimeSpan.FromMilliseconds(212.4));
        empty.Save();
        File.AppendAllLines(Path.Combine(folder, CompileTimes.FileName), ["not a line", "-5 abc", "12"]);

        var again = CompileTimes.Load(folder);

        Assert.Null(empty.Of(CompileTimes.Key(ToolchainLocator.ClangUefiX64, ["-O2"], Path.Combine(Drivers, "xhci", "xhci.c"))));
        Assert.Equal(TimeSpan.FromMilliseconds(212), again.Of(key));
        Assert.Null(again.Of(CompileTimes.Key(ToolchainLocator.ClangUefiX64, ["-Os"], source)));
        Assert.Null(again.Of(CompileTimes.Key(ToolchainLocator.ClangElfX64, ["-O2"], source)));
        Assert.Equal([$"212 {key}"], File.ReadAllLines(Path.Combine(folder, CompileTimes.FileName)).Take(1));
    }

    [Fact]
    public void A_record_that_cannot_be_written_leaves_no_file_and_no_error()
    {
        var blocked = temp.File("blocked");
        File.WriteAllText(blocked, "a file where the folder should be");
        var times = CompileTimes.Load(Path.Combine(blocked, "machine"));
        times.Record("k", TimeSpan.FromMilliseconds(5));

        times.Save();

        Assert.Null(times.Of("unknown"));
        Assert.Equal("a file where the folder should be", File.ReadAllText(blocked));
    }

    [Theory]
    [InlineData("xhci", "ahci")]
    [InlineData("ahci", "xhci")]
    public async Task The_source_that_took_longest_here_compiles_first_and_its_time_is_recorded(string slow, string fast)
    {
        var machine = temp.File("machine-" + slow);
        var components = new[] { "ahci", "xhci" }.Select(d => new SourceComponent(Path.Combine(Drivers, d), ImageKind.BootServiceDriver, [])).ToList();
        var record = CompileTimes.Load(machine);
        record.Record(KeyOf(slow), TimeSpan.FromMilliseconds(900));
        record.Record(KeyOf(fast), TimeSpan.FromMilliseconds(30));
        record.Save();
        var linked = new List<string>();

        // One job at a time: the order the components are linked in is the order they were compiled in.
        var output = await CompileStage.RunAsync(
            new CompileInput(components, ToolchainLocator.ClangUefiX64, RepositoryRoot.Path, temp.File("cache-" + slow), 1, MachineFolder: machine, Linked: (c, _) => linked.Add(Path.GetFileName(c.SourceFolder))),
            CancellationToken.None);

        Assert.Equal(2, output.Compiled);
        Assert.Equal([slow, fast], linked);
        var measured = CompileTimes.Load(machine);
        Assert.NotEqual(TimeSpan.FromMilliseconds(900), measured.Of(KeyOf(slow)));
        Assert.NotNull(measured.Of(KeyOf(fast)));
    }

    private static string KeyOf(string driver) =>
        CompileTimes.Key(ToolchainLocator.ClangUefiX64, [], Path.Combine(Drivers, driver, driver + ".c"));
}
