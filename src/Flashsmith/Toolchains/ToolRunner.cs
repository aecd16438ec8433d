using System.Diagnostics;

namespace Flashsmith.Toolchains;

/// <summary>Runs an external program with an argument array (never a shell string) and captures what it prints.</summary>
public static class ToolRunner
{
    public static Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellation) =>
        RunAsync(StartInfo(program, arguments, workingDirectory), cancellation);

    /// <summary>Starts <paramref name="start"/> (its three streams redirected) with no input, and waits for what it prints and how it ends; cancelled, it is killed with its children.</summary>
    internal static async Task<ToolResult> RunAsync(ProcessStartInfo start, CancellationToken cancellation)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>How a tool is started: its arguments, folder and environment, with its three standard streams redirected.</summary>
    internal static ProcessStartInfo StartInfo(string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tools must not pick up the caller's locale or time: output should not vary by machine.
        start.Environment["LC_ALL"] = "C";
        start.Environment.Remove(ToolEnvironment.SourceDateEpoch);
        return start;
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
