using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// Runs a tool that a build runs many times (the compiler, the linker) without paying its start-up each time. Starting
/// clang costs about 45 ms of CPU before it reads a source (loading and relocating libLLVM and libclang-cpp, and their
/// static constructors), a fifth of a typical compile here. A tool server is the tool started once with a small library
/// preloaded (<c>ToolServer.c</c>, built once per machine and compiler by that compiler) that stops it just before its
/// main and forks it for each run: every run is the same binary, with the same arguments and environment, entering the
/// same main, in a process of its own. Anything that does not work out (no library, a tool that does not take it, a
/// script rather than an executable, a server that dies) falls back to starting the tool as usual, for that run and
/// the rest of the build.
/// <c>FLASHSMITH_TOOL_SERVERS=0</c> turns servers off.
/// </summary>
public sealed class ToolServers : IDisposable
{
    /// <summary>The environment variable that turns tool servers off when it is <c>0</c>.</summary>
    public const string Variable = "FLASHSMITH_TOOL_SERVERS";

    private const string LibraryPrefix = "tool-server-";

    private readonly Lazy<Task<string?>> library;
    private readonly IReadOnlySet<string> served;
    private readonly Func<string, string> newTempPath;
    private readonly Dictionary<string, Stack<Server>> idle = new(StringComparer.Ordinal);
    private readonly HashSet<string> refused = new(StringComparer.Ordinal);
    private readonly List<Server> started = [];
    private readonly Dictionary<string, bool> elf = new(StringComparer.Ordinal);
    private bool disposed;

    /// <summary>Servers for <paramref name="programs"/> (the ones a build may run more than once); none when <paramref name="machineFolder"/> is null.</summary>
    /// <param name="compiler">The C compiler that builds the preloaded library for this machine, at the first run that needs it.</param>
    /// <param name="newTempPath">Where each run's standard output and error go, given an extension.</param>
    public ToolServers(string compiler, string? machineFolder, IEnumerable<string> programs, Func<string, string> newTempPath)
    {
        library = new Lazy<Task<string?>>(() => machineFolder is null ? Task.FromResult<string?>(null) : LibraryAsync(compiler, machineFolder));
        served = programs.ToHashSet(StringComparer.Ordinal);
        this.newTempPath = newTempPath;
    }

    /// <summary>Whether a server runs this program (false: each run starts it).</summary>
    public bool Serves(string program)
    {
        lock (idle)
        {
            return started.Any(s => s.Program == program);
        }
    }

    /// <summary>Runs <paramref name="program"/> as <see cref="ToolRunner.RunAsync"/> does, through a server when there is one for it.</summary>
    public async Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellation)
    {
        var server = served.Contains(program) && IsProgram(program) && await library.Value.ConfigureAwait(false) is { } preload ? Take(program, preload) : null;
        if (server is null)
        {
            return await ToolRunner.RunAsync(program, arguments, workingDirectory, cancellation).ConfigureAwait(false);
        }

        var output = newTempPath(".out");
        var error = newTempPath(".err");
        try
        {
            int? status;
            try
            {
                status = await server.RunAsync(arguments, workingDirectory, output, error, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Drop(server);
                throw;
            }

            if (status is not { } code)
            {
                Refuse(program, server);
                return await ToolRunner.RunAsync(program, arguments, workingDirectory, cancellation).ConfigureAwait(false);
            }

            lock (idle)
            {
                idle[program].Push(server);
            }

            return new ToolResult(code, await ReadAsync(output).ConfigureAwait(false), await ReadAsync(error).ConfigureAwait(false));
        }
        finally
        {
            File.Delete(output);
            File.Delete(error);
        }
    }

    /// <summary>Ends every server: each sees the end of its input and exits; a server still running a tool is killed.</summary>
    public void Dispose()
    {
        List<Server> all;
        lock (idle)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            all = [.. started];
        }

        // All are told at once, so that they exit side by side.
        foreach (var server in all)
        {
            server.EndInput();
        }

        foreach (var server in all)
        {
            server.Dispose();
        }
    }

    /// <summary>
    /// Whether <paramref name="program"/> is an ELF executable, whose own <c>main</c> a server can hold. A script (a
    /// wrapper named <c>clang</c>, say) is run by its interpreter, whose <c>main</c> expects the script's path first.
    /// </summary>
    private bool IsProgram(string program)
    {
        lock (idle)
        {
            if (elf.TryGetValue(program, out var known))
            {
                return known;
            }
        }

        var isElf = false;
        try
        {
            Span<byte> magic = stackalloc byte[4];
            using var file = File.OpenHandle(program);
            isElf = RandomAccess.Read(file, magic, 0) == 4 && magic.SequenceEqual("\u007fELF"u8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        lock (idle)
        {
            elf[program] = isElf;
        }

        return isElf;
    }

    private Server? Take(string program, string preload)
    {
        lock (idle)
        {
            if (disposed || refused.Contains(program))
            {
                return null;
            }

            if (!idle.TryGetValue(program, out var servers))
            {
                idle[program] = servers = new Stack<Server>();
            }

            if (servers.TryPop(out var server))
            {
                return server;
            }
        }

        var fresh = Server.Start(program, preload);
        lock (idle)
        {
            if (fresh is null)
            {
                refused.Add(program);
            }
            else
            {
                started.Add(fresh);
            }
        }

        return fresh;
    }

    private void Refuse(string program, Server server)
    {
        lock (idle)
        {
            refused.Add(program);
        }

        Drop(server);
    }

    private void Drop(Server server)
    {
        lock (idle)
        {
            started.Remove(server);
        }

        server.Dispose();
    }

    private static async Task<string> ReadAsync(string path) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : string.Empty;

    /// <summary>
    /// The preloaded library for this compiler, built once per machine into its cache folder (named by a digest of its
    /// source and the compiler's identity); null when it cannot be built there, and then it is not tried again.
    /// </summary>
    private static async Task<string?> LibraryAsync(string compiler, string machineFolder)
    {
        try
        {
            var source = Source();
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + ToolchainLocator.Identity(compiler))))[..16];
            var path = Path.Combine(machineFolder, LibraryPrefix + digest + ".so");
            if (path.AsSpan().IndexOfAny(' ', ':') >= 0)
            {
                // LD_PRELOAD splits its list at spaces and colons: such a path cannot be named there.
                return null;
            }

            var failed = path + ".failed";
            if (File.Exists(path))
            {
                return path;
            }

            if (File.Exists(failed))
            {
                return null;
            }

            // Built beside where it goes, so that the rename that publishes it is atomic.
            Directory.CreateDirectory(machineFolder);
            var temp = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}";
            var file = temp + ".c";
            var built = temp + ".so";
            try
            {
                await File.WriteAllTextAsync(file, source).ConfigureAwait(false);
                var run = await ToolRunner.RunAsync(compiler, ["-O2", "-shared", "-fPIC", "-o", built, file], machineFolder, CancellationToken.None).ConfigureAwait(false);
                if (run.ExitCode != 0 || !File.Exists(built))
                {
                    await File.WriteAllTextAsync(failed, run.Error + run.Output).ConfigureAwait(false);
                    return null;
                }

                File.Move(built, path, overwrite: true);
                return path;
            }
            finally
            {
                File.Delete(file);
                File.Delete(built);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The preloaded library's C source, kept in this assembly.</summary>
    internal static string Source()
    {
        using var stream = typeof(ToolServers).Assembly.GetManifestResourceStream("Flashsmith.Toolchains.ToolServer.c")
            ?? throw new InvalidOperationException("the tool server source is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>One tool held before its main: a request per run on its input, a wait status per run on its output.</summary>
    private sealed class Server : IDisposable
    {
        private readonly Process process;
        private bool ready;

        private Server(string program, Process process)
        {
            Program = program;
            this.process = process;
        }

        public string Program { get; }

        public static Server? Start(string program, string library)
        {
            var start = ToolRunner.StartInfo(program, [], "/");
            var preload = start.Environment.TryGetValue("LD_PRELOAD", out var existing) ? existing : null;
            start.Environment["FLASHSMITH_TOOL_PRELOAD"] = preload ?? string.Empty;
            start.Environment["FLASHSMITH_TOOL_SERVER"] = "1";
            start.Environment["LD_PRELOAD"] = string.IsNullOrEmpty(preload) ? library : library + " " + preload;
            try
            {
                return Process.Start(start) is { } process ? new Server(program, process) : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        /// <summary>The wait status of one run turned into an exit code (128 + the signal for a killed run); null when the server failed.</summary>
        public async Task<int?> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, string output, string error, CancellationToken cancellation)
        {
            var request = new StringBuilder();
            foreach (var field in (IEnumerable<string>)[(arguments.Count + 1).ToString(CultureInfo.InvariantCulture), workingDirectory, output, error, Program, .. arguments])
            {
                request.Append(field).Append('\0');
            }

            // One caller at a time: a server is taken from the idle ones for a run and put back after it.
            try
            {
                var bytes = Encoding.UTF8.GetBytes(request.ToString());
                await process.StandardInput.BaseStream.WriteAsync(bytes, cancellation).ConfigureAwait(false);
                await process.StandardInput.BaseStream.FlushAsync(cancellation).ConfigureAwait(false);
                if (!ready)
                {
                    if (await process.StandardOutput.ReadLineAsync(cancellation).ConfigureAwait(false) != "ready")
                    {
                        return null;
                    }

                    ready = true;
                }

                var line = await process.StandardOutput.ReadLineAsync(cancellation).ConfigureAwait(false);
                if (!int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
                {
                    return null;
                }

                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>Ends the server's input: it exits once its run, if any, is done.</summary>
        public void EndInput()
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }

        public void Dispose()
        {
            EndInput();
            try
            {
                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    Kill();
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                Kill();
            }

            process.Dispose();
        }

        private void Kill()
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
