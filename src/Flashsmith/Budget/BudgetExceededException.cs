using Flashsmith.Diagnostics;

namespace Flashsmith.Budget;

/// <summary>A target is over its size budget, or its content does not fit at all; every offender is named.</summary>
public sealed class BudgetExceededException(string target, IReadOnlyList<string> offenders, BudgetReport? report = null)
    : FlashsmithException([.. offenders.Select(o => new Diagnostic(DiagnosticCodes.OverBudget, $"{target}: {o}"))], $"{target}: over budget")
{
    public BudgetExceededException(BudgetReport report, IReadOnlyList<string> offenders)
        : this(report.Target, offenders, report)
    {
    }

    public string Target => target;

    /// <summary>The whole report, when the target was measured (null when its content did not fit at all).</summary>
    public BudgetReport? Report => report;
}
