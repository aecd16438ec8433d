using Flashsmith.Diagnostics;

namespace Flashsmith.Fuzz;

/// <summary>
/// Runs one input through a target. It passes when the reader succeeds or refuses the input with one of the
/// target's typed exceptions; any other exception (an index out of range, a null reference, an overflow, running out
/// of memory, a command exiting 1) is a finding.
/// </summary>
public static class FuzzOutcome
{
    /// <summary>Null when <paramref name="input"/> passes, else the exception that is the finding.</summary>
    public static Exception? Run(FuzzTarget target, FuzzWorkspace workspace, byte[] input)
    {
        try
        {
            target.Run(workspace, Cut(target, input));
            return null;
        }
        catch (Exception ex) when (target.Refuses(ex))
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>The input as the target reads it: at most its byte limit.</summary>
    public static byte[] Cut(FuzzTarget target, byte[] input) => input.Length <= target.MaxBytes ? input : input[..target.MaxBytes];

    /// <summary>The refusals every reader may give: the library's own failures (bad input, verification failed, a device failed).</summary>
    public static bool IsLibraryRefusal(Exception ex) => ex is FlashsmithException;
}
