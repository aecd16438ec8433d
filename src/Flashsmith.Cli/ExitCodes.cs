namespace Flashsmith.Cli;

/// <summary>The process exit codes; DESIGN.md §7 is their contract.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedFailure = 1;
    public const int BadInput = 2;
    public const int BudgetExceeded = 3;
    public const int VerificationFailed = 4;
    public const int DeviceFailure = 5;
    public const int Interrupted = 130;
}
