using Flashsmith.Diagnostics;

namespace Flashsmith.Budget;

/// <summary>A target is over its size budget, or its content does not fit at all; every offender is named.</summary>
public sealed class BudgetExceededException(string target, IReadOnlyList<string> offenders)
    : FlashsmithException([.. offenders.Select(o => new Diagnostic(DiagnosticCodes.OverBudget, $"{target}: {o}"))], $"{target}: over budget")
{
    public string Target => target;
}
