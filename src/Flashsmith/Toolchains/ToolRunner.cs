using System.Diagnostics;

namespace Flashsmith.Toolchains;

/// <summary>Runs an external program with an argument array (never a shell string) and captures what it prints.</summary>
public static class ToolRunner
{
    public static async Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellation)
    {
        var start = StartInfo(program, arguments, workingDirectory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
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
        start.Environment.Remove("SOURCE_DATE_EPOCH");
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
