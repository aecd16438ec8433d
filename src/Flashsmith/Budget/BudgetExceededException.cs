using Flashsmith.Diagnostics;

namespace Flashsmith.Budget;

/// <summary>A target is over its size budget, or its content does not fit at all; every offender is named.</summary>
public sealed class BudgetExceededException(string target, IReadOnlyList<string> offenders) : FlashsmithException($"{target}: over budget")
{
    public string Target => target;

    public override IReadOnlyList<string> Lines => offenders.Select(o => $"error: {target}: {o}").ToList();
}
