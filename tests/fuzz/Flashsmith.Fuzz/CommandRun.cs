using Flashsmith.Cli;

namespace Flashsmith.Fuzz;

/// <summary>Runs the command line in-process, as a user would run it, in the workspace's project.</summary>
public static class CommandRun
{
    /// <summary>Runs <paramref name="args"/>; exit code 1 (an unexpected failure: a bug) is a finding.</summary>
    public static int Run(FuzzWorkspace workspace, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = workspace.Project;
        int code;
        try
        {
            code = FlashsmithCli.Run(args, CliEnvironment.ForText(output, error, _ => null));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        if (code == ExitCodes.UnexpectedFailure)
        {
            throw new FuzzFindingException($"flashsmith {string.Join(' ', args.Select(a => Path.IsPathRooted(a) ? Path.GetFileName(a) : a))} exited 1:\n{error}");
        }

        return code;
    }
}
