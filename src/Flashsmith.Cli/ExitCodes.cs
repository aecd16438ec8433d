namespace Flashsmith.Cli;

/// <summary>The process exit codes; DESIGN.md §9 is their contract.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedFailure = 1;
    public const int BadInput = 2;
    public const int BudgetExceeded = 3;
    public const int VerificationFailed = 4;
    public const int DeviceFailure = 5;
    public const int Interrupted = 130;

    /// <summary>Every code with what it means, for the manual.</summary>
    public static readonly IReadOnlyList<(int Code, string Meaning)> All =
    [
        (Success, "success"),
        (UnexpectedFailure, "unexpected failure: a bug; the lines printed say what to report"),
        (BadInput, "bad input: a recipe, an argument or a file named"),
        (BudgetExceeded, "a size budget was exceeded"),
        (VerificationFailed, "verification failed: a signature, tampering, or a build that did not reproduce"),
        (DeviceFailure, "a device, provisioning or write failure: a device or disk that fails, fills up or is refused"),
        (Interrupted, "interrupted; no partial output is left"),
    ];
}
