using Flashsmith.Diagnostics;
using Flashsmith.Toolchains;

namespace Flashsmith.Cli;

/// <summary>
/// The one place that turns an outcome into an exit code: a <see cref="FlashsmithException"/>
/// prints its lines and maps to its code; anything else is a bug, reported as one.
/// </summary>
public static class CommandGuard
{
    public static int Run(CliEnvironment environment, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (FlashsmithException ex)
        {
            foreach (var line in ex.Lines)
            {
                environment.Error.WriteLine(line);
            }

            return ExitCodeFor(ex);
        }
        catch (OperationCanceledException)
        {
            environment.Error.WriteLine("interrupted; no output was written");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            environment.Error.WriteLine($"internal error: {ex.Message}");
            environment.Error.WriteLine("this is a bug in flashsmith; please report the command you ran and the lines below:");
            environment.Error.WriteLine(ex.ToString());
            return ExitCodes.UnexpectedFailure;
        }
    }

    public static int ExitCodeFor(FlashsmithException exception) => exception switch
    {
        BadInputException or CompileFailedException => ExitCodes.BadInput,
        Budget.BudgetExceededException => ExitCodes.BudgetExceeded,
        VerificationFailedException => ExitCodes.VerificationFailed,
        DeviceFailedException => ExitCodes.DeviceFailure,
        _ => ExitCodes.UnexpectedFailure,
    };
}
