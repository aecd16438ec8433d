using System.Diagnostics;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

/// <summary>
/// Tool servers: a tool started once and forked for each run gives each run what starting the tool would have given it
/// (output, status, environment, folder), falls back to starting the tool when it cannot serve, and leaves nothing running.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ToolServersTests : IDisposable
{
    private static readonly string Guest = Path.Combine(RepositoryRoot.Path, "src", "firmware", "guests", "hello");

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Clang => ToolRunner.Find("clang") ?? throw new InvalidOperationException("clang is not installed; tools/test installs it");

    private ToolServers Servers(params string[] programs) => new(Clang, temp.File("machine"), programs, NewTempPath);

    private string NewTempPath(string extension) => temp.File($"tmp-{Guid.NewGuid():N}{extension}");

    private static string Program(string name) => ToolRunner.Find(name) ?? throw new InvalidOperationException($"{name} is not installed");

    [Fact]
    public async Task A_served_compile_writes_the_object_a_started_compiler_writes_and_reports_its_diagnostics()
    {
        var source = Path.Combine(Guest, "hello.c");
        string[] Arguments(string output) => ["--target=x86_64-elf", "-ffreestanding", "-nostdinc", "-O2", "-Wall", "-c", source, "-o", output];
        var broken = temp.File("broken.c");
        File.WriteAllText(broken, "int main(void) { return undefined_name; }\n");
        using var servers = Servers(Clang);

        var plain = await ToolRunner.RunAsync(Clang, Arguments(temp.File("plain.o")), temp.Path, CancellationToken.None);
        var served = await servers.RunAsync(Clang, Arguments(temp.File("served.o")), temp.Path, CancellationToken.None);
        var failed = await servers.RunAsync(Clang, ["--target=x86_64-elf", "-c", broken, "-o", temp.File("broken.o")], temp.Path, CancellationToken.None);

        Assert.True(servers.Serves(Clang));
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, served.ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("plain.o")), File.ReadAllBytes(temp.File("served.o")));
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"{broken}:1:25: error: use of undeclared identifier 'undefined_name'", failed.Error);
        Assert.False(File.Exists(temp.File("broken.o")));
    }

    [Fact]
    public async Task A_run_sees_its_own_folder_and_the_environment_of_a_started_tool_and_its_status_comes_back()
    {
        using var servers = Servers(Program("env"), Program("pwd"), Program("sh"));
        var folder = Directory.CreateDirectory(temp.File("work")).FullName;

        var environment = await servers.RunAsync(Program("env"), [], folder, CancellationToken.None);
        var pwd = await servers.RunAsync(Program("pwd"), [], folder, CancellationToken.None);
        var exited = await servers.RunAsync(Program("sh"), ["-c", "echo out; echo err >&2; exit 3"], folder, CancellationToken.None);
        var killed = await servers.RunAsync(Program("sh"), ["-c", "kill -9 $$"], folder, CancellationToken.None);
        var plain = await ToolRunner.RunAsync(Program("env"), [], folder, CancellationToken.None);

        Assert.True(servers.Serves(Program("env")));
        Assert.Equal(Lines(plain.Output), Lines(environment.Output));
        Assert.Contains("LC_ALL=C", Lines(environment.Output));
        Assert.DoesNotContain(Lines(environment.Output), l => l.StartsWith("FLASHSMITH_TOOL_", StringComparison.Ordinal) || l.Contains("tool-server", StringComparison.Ordinal));
        Assert.Equal(folder + "\n", pwd.Output);
        Assert.Equal((3, "out\n", "err\n"), (exited.ExitCode, exited.Output, exited.Error));
        Assert.Equal(128 + 9, killed.ExitCode);
    }

    [Fact]
    public async Task Runs_at_once_get_a_server_each_and_a_cancelled_run_leaves_no_process_behind()
    {
        var sleep = Program("sleep");
        using var servers = Servers(sleep);
        using var cancel = new CancellationTokenSource();

        var first = servers.RunAsync(sleep, ["1"], temp.Path, CancellationToken.None);
        var second = servers.RunAsync(sleep, ["1"], temp.Path, cancel.Token);
        var during = await Settled(sleep, 4);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(0, (await first).ExitCode);
        Assert.Equal(4, during.Count);

        // The cancelled run and its server are gone; the other server waits for its next run until the servers are disposed.
        Assert.Single(await Settled(sleep, 1));
        servers.Dispose();
        Assert.Empty(await Settled(sleep, 0));
    }

    [Fact]
    public async Task A_tool_that_will_not_serve_is_started_for_each_run_instead()
    {
        // A damaged library is one the loader refuses: the tool then runs as itself, ignoring the server's protocol.
        using (var servers = Servers(Clang))
        {
            await servers.RunAsync(Clang, ["--version"], temp.Path, CancellationToken.None);
            Assert.True(servers.Serves(Clang));
        }

        foreach (var library in Directory.EnumerateFiles(temp.File("machine"), "tool-server-*.so"))
        {
            File.WriteAllText(library, "not a shared library");
        }

        using var refused = Servers(Clang);
        var first = await refused.RunAsync(Clang, ["--version"], temp.Path, CancellationToken.None);
        var second = await refused.RunAsync(Clang, ["--version"], temp.Path, CancellationToken.None);

        Assert.False(refused.Serves(Clang));
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("clang version", second.Output);
    }

    [Fact]
    public async Task A_script_is_started_for_each_run_as_its_interpreter_expects_its_own_path_first()
    {
        var script = temp.File("clang-wrapper");
        File.WriteAllText(script, "#!/bin/sh\necho \"wrapped $*\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var servers = Servers(script);

        var first = await servers.RunAsync(script, ["-c", "a.c"], temp.Path, CancellationToken.None);
        var second = await servers.RunAsync(script, ["-c", "b.c"], temp.Path, CancellationToken.None);

        Assert.False(servers.Serves(script));
        Assert.Equal((0, "wrapped -c a.c\n"), (first.ExitCode, first.Output));
        Assert.Equal("wrapped -c b.c\n", second.Output);
    }

    [Fact]
    public async Task Without_a_machine_folder_one_LD_PRELOAD_can_name_or_for_a_program_run_once_the_tool_is_started()
    {
        using var none = new ToolServers(Clang, null, [Program("env")], NewTempPath);
        using var spaced = new ToolServers(Clang, temp.File("machine folder"), [Program("env")], NewTempPath);
        using var other = Servers(Clang);

        var environment = await none.RunAsync(Program("env"), [], temp.Path, CancellationToken.None);
        var unnamed = await spaced.RunAsync(Program("env"), [], temp.Path, CancellationToken.None);
        var once = await other.RunAsync(Program("env"), [], temp.Path, CancellationToken.None);

        Assert.Contains("LC_ALL=C", Lines(environment.Output));
        Assert.False(none.Serves(Program("env")));
        Assert.Equal(Lines(environment.Output), Lines(unnamed.Output));
        Assert.False(spaced.Serves(Program("env")));
        Assert.False(other.Serves(Program("env")));
        Assert.Contains("LC_ALL=C", Lines(once.Output));
    }

    private static async Task<List<int>> Settled(string program, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (Sleepers(program).Count != count && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        return Sleepers(program);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The processes under this one that run <paramref name="program"/>: its servers and their runs (a run is a fork,
    /// so its command line is its server's).
    /// </summary>
    private static List<int> Sleepers(string program)
    {
        var binary = new FileInfo(program).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? program;
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid))
                {
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
            }
        }

        bool Under(int pid)
        {
            for (var step = 0; step < 64 && parents.TryGetValue(pid, out var parent); step++, pid = parent)
            {
                if (parent == Environment.ProcessId)
                {
                    return true;
                }
            }

            return false;
        }

        string? Binary(int pid)
        {
            try
            {
                return new FileInfo($"/proc/{pid}/exe").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        return [.. parents.Keys.Where(Under).Where(pid => Binary(pid) == binary)];
    }
}
